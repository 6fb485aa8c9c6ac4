package io.vigil.hub.federated;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vigil.hub.api.ApiException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RoundRequestTest {

    @Test
    void fillsEveryDefaultAndTakesTheQuorumFromTheParticipantsWhenNotGiven() {
        RoundRequest r = RoundRequest.fromJson(new JsonObject().put("model", "pump-ae"));
        var plan = r.plan(7, 3, Instant.parse("2026-12-07T00:00:00Z"));

        assertThat(r.deadline()).isEqualTo(Duration.ofSeconds(60));
        assertThat(plan.quorum()).isEqualTo(3);
        assertThat(plan.round()).isEqualTo(7);
        assertThat(plan.baseVersion()).isZero();
        assertThat(plan.deadline()).isEqualTo(Instant.parse("2026-12-07T00:01:00Z"));
        assertThat(plan.aggregator().name()).isEqualTo("fedavg");
    }

    @Test
    void refusesAnUnknownFieldNamingIt() {
        assertThatThrownBy(() -> RoundRequest.fromJson(
                        new JsonObject().put("model", "pump-ae").put("quorom", 2)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("field quorom");
    }

    @Test
    void refusesBadValuesNamingTheFieldAndTheValue() {
        assertThatThrownBy(() -> RoundRequest.fromJson(
                        new JsonObject().put("model", "pump-ae").put("topK", 0.0)))
                .hasMessageContaining("topK 0.0");
        assertThatThrownBy(() -> RoundRequest.fromJson(
                        new JsonObject().put("model", "pump-ae").put("aggregator", "mean")))
                .hasMessageContaining("aggregator 'mean'");
        assertThatThrownBy(() -> RoundRequest.fromJson(
                        new JsonObject().put("model", "pump-ae").put("deadlineSeconds", 0)))
                .hasMessageContaining("deadlineSeconds 0");
        assertThatThrownBy(() -> RoundRequest.fromJson(
                                new JsonObject().put("model", "pump-ae").put("noise", 1.0))
                        .plan(1, 3, Instant.EPOCH))
                .hasMessageContaining("clipNorm");
        assertThatThrownBy(() -> RoundRequest.fromJson(new JsonObject())).hasMessageContaining("model");
    }

    @Test
    void mapsEveryRejectionCodeOfTheCoreToAnApiError() {
        for (var r : io.vigil.model.federated.Rejection.values()) {
            assertThat(FederatedRoutes.error(r.code()).code()).isEqualTo(r.code());
        }
    }
}
