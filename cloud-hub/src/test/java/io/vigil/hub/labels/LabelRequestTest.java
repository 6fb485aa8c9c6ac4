package io.vigil.hub.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LabelRequestTest {
    @Test
    void readsARangeLabel() {
        var r = LabelRequest.parse(
                new JsonObject("{\"asset\":\"pump1\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T01:00:00Z\","
                        + "\"kind\":\"Maintenance\",\"note\":\"seal\"}"));

        assertThat(r.asset()).contains("pump1");
        assertThat(r.from()).contains(Instant.parse("2026-01-01T00:00:00Z"));
        assertThat(r.kind()).isEqualTo(LabelKind.MAINTENANCE);
        assertThat(r.eventId()).isEmpty();
        assertThat(r.note()).isEqualTo("seal");
    }

    @Test
    void anEventLabelNeedsNoRange() {
        var r = LabelRequest.parse(new JsonObject("{\"event\":42,\"kind\":\"false_alarm\"}"));

        assertThat(r.eventId()).hasValue(42);
        assertThat(r.asset()).isEmpty();
        assertThat(r.note()).isEmpty();
    }

    @Test
    void refusesNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> LabelRequest.parse(new JsonObject("{\"event\":1.5,\"kind\":\"fault\"}")))
                .hasMessage("event '1.5' must be a positive event id");
        assertThatThrownBy(() -> LabelRequest.parse(new JsonObject("{\"event\":-3,\"kind\":\"fault\"}")))
                .hasMessage("event '-3' must be a positive event id");
        assertThatThrownBy(() -> LabelRequest.parse(new JsonObject("{\"event\":3,\"kind\":7}")))
                .hasMessageStartingWith("kind '7' must be one of");
        assertThatThrownBy(() -> LabelRequest.parse(new JsonObject("{\"event\":3,\"kind\":\"fault\",\"note\":5}")))
                .hasMessage("note '5' must be text");
        assertThatThrownBy(() -> LabelRequest.parse(new JsonObject(
                        "{\"asset\":\"bad id\",\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-01T01:00:00Z\","
                                + "\"kind\":\"fault\"}")))
                .hasMessage("asset 'bad id' is not a valid id");
        assertThatThrownBy(() -> LabelRequest.parse(
                        new JsonObject("{\"event\":3,\"from\":\"2026-01-01T00:00:00Z\",\"kind\":\"fault\"}")))
                .hasMessage("from and to go together: give both or neither");
    }

    @Test
    void onlyFaultsAndMaintenanceAreLeftOutOfNormalData() {
        assertThat(LabelKind.FAULT.abnormal()).isTrue();
        assertThat(LabelKind.MAINTENANCE.abnormal()).isTrue();
        assertThat(LabelKind.FALSE_ALARM.abnormal()).isFalse();
        assertThat(LabelKind.NORMAL.abnormal()).isFalse();
        assertThatThrownBy(() -> LabelKind.of("oops"))
                .hasMessage("kind 'oops' is not one of fault, false_alarm, maintenance, normal");
    }
}
