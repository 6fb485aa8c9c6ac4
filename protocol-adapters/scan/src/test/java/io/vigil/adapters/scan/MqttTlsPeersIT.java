package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.testing.Mosquitto;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The MQTT-over-TLS probe against Debian's mosquitto 2.0 with a TLS listener on a throwaway self-signed cert. */
@Timeout(60)
class MqttTlsPeersIT {
    @TempDir
    Path dir;

    @Test
    void aTlsBrokerShowsItsCertificateAndIsLeftAfterOneConnect() throws Exception {
        try (var broker = Mosquitto.tls(dir, "Vigil scan test")) {
            ScanResult r = AuditedScan.scanOne(
                    AuditedScan.quick(Duration.ofSeconds(1)), new ScanTarget("127.0.0.1", broker.port(), true));

            assertThat(r.protocol()).as(r.evidence() + " " + r.error()).isEqualTo(ScanProtocol.MQTT);
            assertThat(r.identityValue("connack_return_code")).isEqualTo("0 (connection accepted)");
            assertThat(r.identityValue("tls_certificate_subject")).contains("CN=Vigil scan test");
            assertThat(r.identityValue("tls_certificate_issuer")).contains("CN=Vigil scan test");
            assertThat(r.identityValue("tls_certificate_self_signed")).isEqualTo("true");
            assertThat(r.identityValue("tls_certificate_valid_now")).isEqualTo("true");
            assertThat(r.identityValue("tls_version")).startsWith("TLSv1.");
            assertThat(r.identityValue("tls_certificate_sha256")).hasSize(64);
            assertThat(r.driverHints())
                    .containsEntry("tls", true)
                    .containsEntry("anonymous_allowed", true)
                    .containsEntry("broker_url", "ssl://127.0.0.1:" + broker.port());
            assertThat(r.safety())
                    .anyMatch(s -> s.startsWith("self-signed TLS certificate"))
                    .anyMatch(s -> s.contains("accepted over TLS without credentials"));

            List<String> sent =
                    r.frames().stream().filter(Frame::isSent).map(Frame::hex).toList();
            assertThat(sent).last().isEqualTo("e000");
            assertThat(sent.get(sent.size() - 2)).startsWith("10").contains("4d51545404020");
            assertThat(sent)
                    .as("no SUBSCRIBE (0x82) or PUBLISH (0x3n), in the clear or inside TLS")
                    .noneMatch(f -> f.startsWith("82") || f.startsWith("3"));
        }
    }
}
