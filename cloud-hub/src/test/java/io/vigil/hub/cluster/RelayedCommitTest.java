package io.vigil.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.ValueType;
import io.vigil.hub.store.query.LatestValues;
import io.vigil.hub.store.query.TagView;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RelayedCommitTest {
    private final LatestValues latest =
            LatestValues.of(new LatestValues.Snapshot(List.of(), List.of(), List.of(), List.of()));

    @Test
    void samplesAnotherHubCommittedBecomeThisHubsLatestValues() {
        var message = new JsonObject(
                """
                {"type":"samples","asset":"pump-1","samples":[
                  {"tag":"pressure","t":"2026-11-22T06:00:00Z","v":4.5,"q":"GOOD"},
                  {"tag":"flow","t":"2026-11-22T06:00:00Z","v":null,"q":"BAD"}]}""");

        RelayedCommit.of(message).ifPresent(latest::committed);

        var tags = latest.asset("pump-1").orElseThrow().tags();
        assertThat(tags).extracting(TagView::id).containsExactlyInAnyOrder("pressure", "flow");
        assertThat(tags.stream()
                        .filter(t -> t.id().equals("pressure"))
                        .findFirst()
                        .orElseThrow())
                .extracting(TagView::value, TagView::time)
                .containsExactly(4.5, Instant.parse("2026-11-22T06:00:00Z"));
        assertThat(tags.stream().filter(t -> t.id().equals("flow")).findFirst().orElseThrow())
                .extracting(TagView::value, TagView::quality)
                .containsExactly(null, Quality.BAD);
    }

    @Test
    void aTextSampleAnotherHubCommittedStaysText() {
        var message = new JsonObject(
                """
                {"type":"samples","asset":"pump-1","samples":[
                  {"tag":"state","t":"2026-11-22T06:00:00Z","v":null,"q":"GOOD","text":"RUNNING"}]}""");

        RelayedCommit.of(message).ifPresent(latest::committed);

        assertThat(latest.asset("pump-1").orElseThrow().tags())
                .singleElement()
                .extracting(TagView::text, TagView::value, TagView::type)
                .containsExactly("RUNNING", null, ValueType.STRING);
    }

    @Test
    void aScoreAnotherHubCommittedBecomesThisHubsLatestScore() {
        var message = new JsonObject(
                """
                {"type":"score","asset":"pump-1","model":"ae-v2","t":"2026-11-22T06:00:00Z","v":0.25}""");

        RelayedCommit.of(message).ifPresent(latest::committed);

        assertThat(latest.asset("pump-1").orElseThrow().scores())
                .singleElement()
                .satisfies(s -> assertThat(s.value()).isEqualTo(0.25));
    }

    @Test
    void leavesOutWhatEveryHubLearnsItself() {
        assertThat(RelayedCommit.of(new JsonObject().put("type", "asset"))).isEmpty();
        assertThat(RelayedCommit.of(new JsonObject().put("type", "cluster"))).isEmpty();
    }
}
