package io.vigil.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.hub.LoopbackHub;
import io.vigil.hub.TestAgent;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A real WebSocket client (java.net.http) on /api/v1/live while a real agent publishes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveFeedIT {
    @RegisterExtension
    static final LoopbackHub hub = new LoopbackHub();

    @Test
    void pushesAssetSamplesAndScoreMessagesAfterCommit() throws Exception {
        var messages = new LinkedBlockingQueue<JsonObject>();
        URI ws = URI.create("ws://" + hub.httpUri().getAuthority() + LiveFeed.PATH);
        WebSocket socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(ws, collector(messages))
                .get(10, TimeUnit.SECONDS);
        try (var agent = TestAgent.connect(hub.mqttUri(), "edge-live")) {
            agent.nodeBirth(1);
            agent.deviceBirth("pump-live", List.of(new MetricDef("flow", "l/min")), Map.of("protocol", "opc-ua"));
            Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS);

            agent.publishData(
                    "pump-live",
                    new AssetData(
                            List.of(Sample.good("flow", t, 31.9), Sample.text("state", t, "RUNNING", Quality.GOOD)),
                            List.of(new Score("pump-ae", t, 0.12)),
                            List.of()));

            var asset = next(messages, "asset");
            assertThat(asset.getJsonObject("asset").getString("id")).isEqualTo("pump-live");
            assertThat(asset.getJsonObject("asset").getString("protocol")).isEqualTo("opc-ua");
            var samples = next(messages, "samples");
            assertThat(samples.getString("asset")).isEqualTo("pump-live");
            assertThat(samples.getJsonArray("samples").getJsonObject(0).encode())
                    .isEqualTo(new JsonObject()
                            .put("tag", "flow")
                            .put("t", t.toString())
                            .put("v", 31.9)
                            .put("q", "GOOD")
                            .encode());
            assertThat(samples.getJsonArray("samples").getJsonObject(1).getString("text"))
                    .isEqualTo("RUNNING");
            var score = next(messages, "score");
            assertThat(score.getString("model")).isEqualTo("pump-ae");
            assertThat(score.getDouble("v")).isEqualTo(0.12);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        }
    }

    private static JsonObject next(BlockingQueue<JsonObject> messages, String type) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            var m = messages.poll(100, TimeUnit.MILLISECONDS);
            if (m != null && type.equals(m.getString("type"))) {
                return m;
            }
        }
        throw new AssertionError("no '" + type + "' message on the live feed within 10 s");
    }

    private static WebSocket.Listener collector(BlockingQueue<JsonObject> messages) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    messages.add(new JsonObject(partial.toString()));
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }
}
