package io.vigil.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.store.Database;
import io.vigil.hub.store.DatabaseSettings;
import io.vigil.hub.store.StoreException;
import io.vigil.testing.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 21, items 6 and 7, on a size-limited tmpfs as the data directory: a full disk made every commit fail while
 * health said db {@code ok}, agents reconnected in a storm, PostgreSQL died and was never restarted, and a start on the
 * full disk failed after 60 s with the "another hub / unshare" message.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class FullDiskIT {
    private static final long MIN_FREE = 24L << 20;

    @TempDir
    Path tmp;

    final HttpClient http = HttpClient.newHttpClient();

    @Test
    void healthWarnsBeforeTheDiskFillsSaysWhyCommitsFailRefusesAgentsAndTheHubRecoversWhenSpaceReturns()
            throws Exception {
        try (var disk = Tmpfs.mount(tmp.resolve("disk"), 128)) {
            var base = HubConfiguration.of(new HubSettings("127.0.0.1", 0, 0, disk.dir(), Optional.empty()));
            var config = new HubConfiguration(
                    base.listen(),
                    new DatabaseSettings(disk.dir(), Optional.empty(), MIN_FREE),
                    base.ingest(),
                    base.security(),
                    base.broker(),
                    base.cluster(),
                    base.storage());
            try (var hub = Hub.start(config, Clock.systemUTC())) {
                assertThat(health(hub).getJsonObject("disk").getString("status"))
                        .isEqualTo("ok");
                var agent = TestAgent.connect(hub.mqttUri(), "edge-full");
                agent.nodeBirth(1);
                agent.deviceBirth("pump-full", List.of(new MetricDef("flow", "l/min")), Map.of());
                agent.publishData("pump-full", data(1));

                Path low = disk.fill("low", disk.free() - MIN_FREE / 2);
                Await.until("the disk alarm while there is still room", Duration.ofSeconds(20), () -> "low"
                        .equals(health(hub).getJsonObject("disk").getString("status")));
                assertThat(health(hub).getString("status")).isEqualTo("degraded");

                Path full = disk.fill("full", Long.MAX_VALUE);
                assertThatThrownBy(() -> {
                            for (int i = 2; i < 200; i++) {
                                agent.publishData("pump-full", data(i));
                            }
                        })
                        .as("no acknowledgement while nothing can be committed");
                agent.close();
                var db = awaitDbNotOk(hub);
                assertThat(db.getString("status")).isIn("failing", "down");
                if (db.getString("status").equals("failing")) {
                    assertThat(db.getString("error")).contains("No space left on device");
                    assertThatThrownBy(() -> TestAgent.connect(hub.mqttUri(), "edge-full")
                                    .close())
                            .as("CONNECT refused while commits fail")
                            .hasStackTraceContaining("SERVER_UNAVAILABLE");
                }
                assertThat(health(hub).getJsonArray("agents").getJsonObject(0).getString("status"))
                        .as("the agent has no connection, whatever its last stored status")
                        .isEqualTo("offline");

                Files.delete(full);
                Files.delete(low);
                assertThat(awaitRecovery(hub))
                        .as("commits succeed again once space returns")
                        .isTrue();
                var h = health(hub);
                assertThat(h.getJsonObject("db").getString("status")).isEqualTo("ok");
                assertThat(h.getJsonObject("disk").getString("status")).isEqualTo("ok");
            }
        }
    }

    @Test
    void aStartOnAFullDiskSaysNoSpaceLeftAtOnce() throws Exception {
        try (var disk = Tmpfs.mount(tmp.resolve("tiny"), 8)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> Database.embedded(disk.dir()))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("no space left on device")
                    .hasMessageNotContaining("unshare");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    private static AssetData data(int i) {
        return new AssetData(List.of(Sample.good("flow", Instant.now().plusMillis(i), i)), List.of(), List.of());
    }

    /** Until an agent is let in again and a publish of it is acknowledged (committed), bounded. */
    private static boolean awaitRecovery(Hub hub) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try (var agent = TestAgent.connect(hub.mqttUri(), "edge-full")) {
                agent.nodeBirth(3);
                agent.publishData("pump-full", data(1000));
                return true;
            } catch (Exception refusedOrNotCommitted) {
                Thread.sleep(1000);
            }
        }
        return false;
    }

    private JsonObject awaitDbNotOk(Hub hub) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonObject db = health(hub).getJsonObject("db");
        while (db.getString("status").equals("ok") && System.nanoTime() < deadline) {
            Thread.sleep(200);
            db = health(hub).getJsonObject("db");
        }
        return db;
    }

    private JsonObject health(Hub hub) throws Exception {
        var r = http.send(
                HttpRequest.newBuilder(URI.create(hub.httpUri() + "api/v1/health"))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        return new JsonObject(r.body());
    }
}
