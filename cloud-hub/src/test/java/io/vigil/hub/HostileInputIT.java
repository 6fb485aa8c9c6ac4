package io.vigil.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.wire.MessageType;
import io.vigil.hub.live.LiveFeed;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 21's probes against a real hub (embedded PostgreSQL, real MQTT and HTTP on loopback), one per defect this
 * class guards: each failed before its fix. Bounded: every wait is a PUBACK or an HTTP answer within seconds.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class HostileInputIT {
    @RegisterExtension
    static final LoopbackHub hub = new LoopbackHub();

    private static TestAgent agent;
    private static final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void connectAgent() throws Exception {
        agent = TestAgent.connect(hub.mqttUri(), "edge-hostile");
        agent.nodeBirth(1);
    }

    @AfterAll
    static void closeAgent() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    /** Item 8: a DDATA metric of datatype 999 threw a NullPointerException and the message was never acknowledged. */
    @Test
    void aMetricOfUnknownDatatypeIsAcknowledgedAndCounted() throws Exception {
        double before = counter("vigil_ingest_metrics_rejected_total", "");
        byte[] payload = Payload.newBuilder()
                .setTimestamp(Instant.now().toEpochMilli())
                .setSeq(agent.nextSeq())
                .addMetrics(Payload.Metric.newBuilder().setName("bogus").setDatatype(999))
                .build()
                .toByteArray();

        agent.publish(agent.topic(MessageType.DDATA, "pump-x"), payload);

        assertThat(counter("vigil_ingest_metrics_rejected_total", "")).isEqualTo(before + 1);
    }

    /** Item 2: an NBIRTH of a huge number of name-only metrics stalled the event loop and flooded the log. */
    @Test
    void aBirthOverTheMetricLimitIsAcknowledgedAndRejectedWhole() throws Exception {
        double before = counter("vigil_ingest_rejected_total", "too_many_metrics");
        var p = Payload.newBuilder().setTimestamp(Instant.now().toEpochMilli()).setSeq(0);
        for (int i = 0; i < 20_000; i++) {
            p.addMetrics(Payload.Metric.newBuilder().setName("m" + i));
        }
        try (var other = TestAgent.connect(hub.mqttUri(), "edge-flood")) {
            long t0 = System.nanoTime();
            other.publish(other.topic(MessageType.NBIRTH), p.build().toByteArray());

            assertThat(counter("vigil_ingest_rejected_total", "too_many_metrics"))
                    .isEqualTo(before + 1);
            assertThat(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0)).isLessThan(5);
        }
    }

    /** Item 11: an absurd step reached the query and came back as a 500 "long overflow". */
    @Test
    void anAbsurdStepIsABadRequest() throws Exception {
        var r = get("/api/v1/series?tag=pump-x/flow&step=99999999999d");

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("param.invalid").contains("step");
    }

    /** Item 12: /twin and /twin/ redirected to each other forever. */
    @Test
    void theTwinIsServedAtItsSlashPathAndTheBarePathRedirectsThereOnce() throws Exception {
        var slash = get("/twin/");
        var bare = get("/twin");

        assertThat(slash.statusCode())
                .as("GET /twin/: %s", slash.headers().map())
                .isEqualTo(200);
        assertThat(slash.body()).containsIgnoringCase("<html");
        assertThat(bare.statusCode()).isBetween(301, 308);
        assertThat(bare.headers().firstValue("Location")).contains("/twin/");
    }

    /** Cross-site WebSocket hijacking: the live feed accepted an upgrade from any page's origin. */
    @Test
    void theLiveFeedRefusesAPageOfAnotherOriginAndAcceptsItsOwn() throws Exception {
        URI ws = URI.create("ws://" + hub.httpUri().getAuthority() + LiveFeed.PATH);
        var listener = new WebSocket.Listener() {};

        assertThatThrownBy(() -> http.newWebSocketBuilder()
                        .header("Origin", "http://evil.example")
                        .buildAsync(ws, listener)
                        .get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        WebSocket own = http.newWebSocketBuilder()
                .header("Origin", "http://" + hub.httpUri().getAuthority())
                .buildAsync(ws, listener)
                .get(10, TimeUnit.SECONDS);
        own.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(10, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return http.send(
                HttpRequest.newBuilder(hub.httpUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A counter from /metrics, 0 when the hub has not registered it; {@code reason} empty for an untagged one. */
    private static double counter(String name, String reason) throws Exception {
        String body = get("/metrics").body();
        var p = Pattern.compile("(?m)^" + name + "(\\{[^}]*\\})? ([0-9.eE+-]+)$");
        var m = p.matcher(body);
        double total = 0;
        while (m.find()) {
            if (reason.isEmpty() || (m.group(1) != null && m.group(1).contains("reason=\"" + reason + "\""))) {
                total += Double.parseDouble(m.group(2));
            }
        }
        return total;
    }
}
