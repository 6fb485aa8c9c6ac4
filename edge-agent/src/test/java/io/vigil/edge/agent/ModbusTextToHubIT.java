package io.vigil.edge.agent;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.hub.HubLauncher;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.RunningHub;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.AgentIdentity;
import io.vigil.edge.config.HubConfig;
import io.vigil.testing.ProtocolPeers;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modbus text from a real device to the hub's API in one piece: the agent reads string tags from Debian's pymodbus
 * server (holding registers 100-111 hold text, see {@code peers/modbus_server.py}), sends them as Sparkplug String
 * metrics to a real hub, and the hub serves them as text series beside a number.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ModbusTextToHubIT {
    @TempDir
    Path dir;

    @Test
    void stringTagsReadByTheAgentAreServedAsTextByTheHub() throws Exception {
        try (var pymodbus = ProtocolPeers.modbus();
                RunningHub hub = HubLauncher.find()
                        .start(new HubSettings("127.0.0.1", 0, 0, dir.resolve("hub"), Optional.empty()))) {
            var device = new DeviceSpec(
                    "pymodbus",
                    "pump7",
                    Protocol.MODBUS_TCP,
                    "127.0.0.1:" + pymodbus.port(),
                    Duration.ofMillis(200),
                    List.of(
                            new TagSpec("count", "hr:96", DataType.UINT16),
                            TagSpec.text("name", "hr:100", 4),
                            TagSpec.text("state", "hr:104:badc", 4),
                            TagSpec.text("temp", "hr:108", 4)));
            var config = new AgentConfig(
                    new AgentIdentity("edge-text", "plant"),
                    new HubConfig(hub.mqttUri(), Duration.ofMillis(200), 100_000),
                    List.of(device),
                    List.of());

            try (var agent = Agent.start(config, dir.resolve("agent"), Clock.systemUTC())) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                JsonNode tags = tags(hub);
                while (!(text(tags, "name").equals("PUMP-7")
                        && text(tags, "temp").equals("25°C"))) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the hub did not show the text tags within 60 s: " + tags);
                    }
                    Thread.sleep(200);
                    tags = tags(hub);
                }

                assertThat(text(tags, "state")).isEqualTo("RUNNING");
                assertThat(tag(tags, "name").path("dataType").asText()).isEqualTo("string");
                assertThat(tag(tags, "count").path("dataType").asText()).isEqualTo("double");
                assertThat(tag(tags, "count").path("value").asDouble()).isEqualTo(96.0);
                assertThat(agent.stats().dropped()).isZero();
            }
        }
    }

    private static JsonNode tags(RunningHub hub) throws Exception {
        var response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/api/v1/assets"))
                                .timeout(Duration.ofSeconds(5))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        for (JsonNode asset : new ObjectMapper().readTree(response.body())) {
            if (asset.path("id").asText().equals("pump7")) {
                return asset.path("tags");
            }
        }
        return new ObjectMapper().createArrayNode();
    }

    private static JsonNode tag(JsonNode tags, String id) {
        for (JsonNode t : tags) {
            if (t.path("id").asText().equals(id)) {
                return t;
            }
        }
        return new ObjectMapper().createObjectNode();
    }

    private static String text(JsonNode tags, String id) {
        return tag(tags, id).path("text").asText("");
    }
}
