package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT probe against Debian's mosquitto 2.0, once open to anonymous clients and once with a password file. */
@Timeout(60)
class MqttPeersIT {
    @TempDir
    Path dir;

    private static ScanResult scan(Mosquitto broker) throws Exception {
        return AuditedScan.scanOne(
                AuditedScan.quick(Duration.ofSeconds(1)), new ScanTarget("127.0.0.1", broker.port(), true));
    }

    @Test
    void aBrokerThatAcceptsAnonymousClientsIsFlaggedAndLeftAtOnce() throws Exception {
        try (var broker = Mosquitto.start(dir)) {
            ScanResult r = scan(broker);

            assertThat(r.protocol()).as(r.evidence() + " " + r.error()).isEqualTo(ScanProtocol.MQTT);
            assertThat(r.confidence()).isEqualTo(1.0);
            assertThat(r.identityValue("connack_return_code")).isEqualTo("0 (connection accepted)");
            assertThat(r.driverHints()).containsEntry("anonymous_allowed", true).containsEntry("tls", false);
            assertThat(r.safety()).anyMatch(s -> s.contains("anonymous MQTT connections accepted"));
            var sent = r.frames().stream().filter(Frame::isSent).map(Frame::hex).toList();
            assertThat(sent).last().isEqualTo("e000");
            assertThat(sent.get(sent.size() - 2)).startsWith("10").contains("4d51545404020");
        }
    }

    @Test
    void aBrokerWithAPasswordFileRefusesTheAnonymousConnect() throws Exception {
        try (var broker = Mosquitto.withPassword(dir, "vigil", "secret")) {
            ScanResult r = scan(broker);

            assertThat(r.protocol()).as(r.evidence() + " " + r.error()).isEqualTo(ScanProtocol.MQTT);
            assertThat(r.identityValue("connack_return_code")).isEqualTo("5 (not authorized)");
            assertThat(r.driverHints()).containsEntry("anonymous_allowed", false);
            assertThat(r.safety()).isEmpty();
            assertThat(r.frames())
                    .filteredOn(Frame::isSent)
                    .extracting(Frame::hex)
                    .doesNotContain("e000");
        }
    }
}
