package io.vigil.hub.store.schema;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.hub.store.rollup.RollupSource;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Only the generated SQL: no TimescaleDB package exists here to run it against. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class TimescaleRollupsTest {
    @Test
    void buildsMinuteAndHourAggregatesWithTheRollupTablesColumnsAndPolicies() {
        var sql = TimescaleRollups.statements(StorageSettings.DEFAULT);

        assertThat(sql.get(0))
                .startsWith("CREATE MATERIALIZED VIEW IF NOT EXISTS samples_1m_cagg")
                .contains("timescaledb.continuous", "materialized_only = false", "FROM samples ")
                .contains(" AS n,", " AS sum,", " AS min,", " AS max,", " AS last_ts,", " AS last_value");
        assertThat(sql.get(1)).contains("samples_1h_cagg", "FROM samples_1m_cagg");
        assertThat(sql).anyMatch(s -> s.contains("add_continuous_aggregate_policy('samples_1m_cagg'"));
        assertThat(sql).anyMatch(s -> s.contains("add_compression_policy('samples'"));
        assertThat(sql).noneMatch(s -> s.contains("add_retention_policy"));
    }

    @Test
    void mapsEachRetentionToAPolicyOnlyWhenAsked() {
        var sql = TimescaleRollups.statements(new StorageSettings(30, 90, 0, 2, Duration.ofHours(1)));

        assertThat(sql.stream().filter(s -> s.contains("add_retention_policy")))
                .containsExactly(
                        "SELECT add_retention_policy('samples', INTERVAL '30 days', if_not_exists => TRUE)",
                        "SELECT add_retention_policy('scores', INTERVAL '30 days', if_not_exists => TRUE)",
                        "SELECT add_retention_policy('samples_text', INTERVAL '30 days', if_not_exists => TRUE)",
                        "SELECT add_retention_policy('samples_1m_cagg', INTERVAL '90 days', if_not_exists => TRUE)");
        assertThat(sql).noneMatch(s -> s.contains("add_retention_policy('samples_1h_cagg'"));
        assertThat(RollupSource.TIMESCALE.minuteTable()).isEqualTo("samples_1m_cagg");
        assertThat(RollupSource.TIMESCALE.dirtyTracked()).isFalse();
    }

    @Test
    void replacesEveryRetentionPolicySoAChangedRetentionTakesEffect() {
        var sql = TimescaleRollups.statements(new StorageSettings(10, 0, 0, 2, Duration.ofHours(1)));

        for (String relation :
                new String[] {"samples", "scores", "samples_text", "samples_1m_cagg", "samples_1h_cagg"}) {
            int removed = sql.indexOf("SELECT remove_retention_policy('" + relation + "', if_exists => TRUE)");
            assertThat(removed).as(relation).isNotNegative();
            int added = sql.indexOf(
                    "SELECT add_retention_policy('" + relation + "', INTERVAL '10 days', if_not_exists => TRUE)");
            assertThat(added).as(relation).isIn(-1, removed + 1);
        }
    }
}
