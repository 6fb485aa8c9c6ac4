package io.vigil.hub.store.schema;

import io.vigil.hub.store.rollup.Rollups;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL that gives a TimescaleDB database what {@link Rollups} gives plain PostgreSQL: continuous aggregates per
 * minute and per hour (the hour one built on the minute one) with the same columns as {@code samples_1m}, real-time
 * aggregation on (so a query sees rows not yet materialized), refresh policies, compression of chunks older than a
 * week, and retention policies when asked for. Every statement is idempotent, and a retention changed since the last
 * start replaces the policy ({@code add_retention_policy}'s {@code if_not_exists} alone kept the old interval, and a
 * retention set back to 0 kept deleting).
 *
 * <p>Run against TimescaleDB 2.28.3 on PostgreSQL 15 by {@code TimescaleLayoutIT} (the aggregates answer like raw
 * samples, materialized or not, compressed or not). A refresh policy re-materializes only its {@code start_offset}
 * window: back-fill older than a day into a bucket already materialized stays out of the minute aggregate until
 * {@code CALL refresh_continuous_aggregate(...)} covers it.
 */
public final class TimescaleRollups {
    public static final String MINUTE_VIEW = "samples_1m_cagg";
    public static final String HOUR_VIEW = "samples_1h_cagg";

    private TimescaleRollups() {}

    /**
     * The statements, in order. The retention of {@code storage} maps to {@code add_retention_policy}: raw days on the
     * chunks of {@code samples} and {@code scores}, the rollup days on the two aggregates (0: no policy, keep all).
     */
    public static List<String> statements(StorageSettings storage) {
        var sql = new ArrayList<String>();
        sql.add("CREATE MATERIALIZED VIEW IF NOT EXISTS " + MINUTE_VIEW
                + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
                + " SELECT series_id, time_bucket(INTERVAL '1 minute', ts) AS bucket, count(value) AS n,"
                + " sum(value) AS sum, min(value) AS min, max(value) AS max,"
                + " max(ts) FILTER (WHERE value IS NOT NULL) AS last_ts,"
                + " last(value, ts) FILTER (WHERE value IS NOT NULL) AS last_value"
                + " FROM samples GROUP BY series_id, time_bucket(INTERVAL '1 minute', ts) WITH NO DATA");
        sql.add("CREATE MATERIALIZED VIEW IF NOT EXISTS " + HOUR_VIEW
                + " WITH (timescaledb.continuous, timescaledb.materialized_only = false) AS"
                + " SELECT series_id, time_bucket(INTERVAL '1 hour', bucket) AS bucket, sum(n)::bigint AS n,"
                + " sum(sum) AS sum, min(min) AS min, max(max) AS max, max(last_ts) AS last_ts,"
                + " last(last_value, last_ts) FILTER (WHERE last_ts IS NOT NULL) AS last_value"
                + " FROM " + MINUTE_VIEW + " GROUP BY series_id, time_bucket(INTERVAL '1 hour', bucket) WITH NO DATA");
        sql.add(
                "SELECT add_continuous_aggregate_policy('" + MINUTE_VIEW + "', start_offset => INTERVAL '1 day',"
                        + " end_offset => INTERVAL '1 minute', schedule_interval => INTERVAL '1 minute', if_not_exists => TRUE)");
        sql.add(
                "SELECT add_continuous_aggregate_policy('" + HOUR_VIEW + "', start_offset => INTERVAL '7 days',"
                        + " end_offset => INTERVAL '1 hour', schedule_interval => INTERVAL '10 minutes', if_not_exists => TRUE)");
        sql.add("ALTER TABLE samples SET (timescaledb.compress, timescaledb.compress_segmentby = 'series_id',"
                + " timescaledb.compress_orderby = 'ts')");
        sql.add("SELECT add_compression_policy('samples', INTERVAL '7 days', if_not_exists => TRUE)");
        retention(sql, "samples", storage.retentionDays());
        retention(sql, "scores", storage.retentionDays());
        retention(sql, "samples_text", storage.retentionDays());
        retention(sql, MINUTE_VIEW, storage.minuteRollupDays());
        retention(sql, HOUR_VIEW, storage.hourRollupDays());
        return sql;
    }

    private static void retention(List<String> sql, String relation, int days) {
        sql.add("SELECT remove_retention_policy('" + relation + "', if_exists => TRUE)");
        if (days > 0) {
            sql.add("SELECT add_retention_policy('" + relation + "', INTERVAL '" + days
                    + " days', if_not_exists => TRUE)");
        }
    }
}
