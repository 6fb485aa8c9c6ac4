package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ExportSlotsTest {
    private final ExportSlots slots = new ExportSlots(new ExportLimits(2, 3, Duration.ofSeconds(5)));

    @Test
    void refusesAUsersExportBeyondThePerUserLimit() {
        slots.take("ada");
        slots.take("ada");

        assertThatThrownBy(() -> slots.take("ada"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("'ada' already streams 2 CSV exports")
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo("export.busy");
        assertThat(slots.take("bob")).as("another user still gets one").isNotNull();
    }

    @Test
    void refusesAnyExportBeyondTheTotal() {
        slots.take("ada");
        slots.take("bob");
        slots.take("cy");

        assertThatThrownBy(() -> slots.take("dee"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("the hub already streams 3 CSV exports");
    }

    @Test
    void aClosedSlotIsFreeAgainAndClosingTwiceFreesItOnce() {
        var first = slots.take("ada");
        slots.take("ada");
        first.close();
        first.close();

        assertThat(slots.active()).isEqualTo(1);
        slots.take("ada");
        assertThatThrownBy(() -> slots.take("ada")).isInstanceOf(ApiException.class);
    }

    @Test
    void limitsMustLeaveTheReadPoolConnectionsForQueries() {
        assertThatThrownBy(() -> new ExportLimits(2, 8, Duration.ofSeconds(1)).leavingQueriesOf(8))
                .hasMessageContaining("export limit total 8 must be below the read pool size 8");
        assertThatThrownBy(() -> new ExportLimits(3, 2, Duration.ofSeconds(1)))
                .hasMessageContaining("total 2 must be at least perUser (3)");
        assertThatThrownBy(() -> new ExportLimits(1, 2, Duration.ZERO))
                .hasMessageContaining("idleTimeout PT0S must be positive");
        assertThat(ExportLimits.DEFAULT.leavingQueriesOf(8)).isEqualTo(ExportLimits.DEFAULT);
    }
}
