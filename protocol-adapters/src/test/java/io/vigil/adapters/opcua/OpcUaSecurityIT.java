package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Await;
import io.vigil.testing.PeerProcess;
import io.vigil.testing.ProtocolPeers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secured sessions against node-opcua, a server written by others that refuses client certificates it does not know
 * (they land in its {@code pki/rejected}) and offers Sign and SignAndEncrypt only.
 */
@Timeout(60)
class OpcUaSecurityIT {
    @TempDir
    static Path dir;

    private static PeerProcess server;
    private static Path serverPki;

    @BeforeAll
    static void start() throws IOException {
        Files.createDirectories(dir.resolve("server"));
        server = ProtocolPeers.opcuaSecure(dir.resolve("server"));
        serverPki = dir.resolve("server/pki");
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static DeviceSpec device(Path agentPki, String policy, String mode, String user, Path password) {
        return new DeviceSpec(
                "secure",
                "pump1",
                Protocol.OPC_UA,
                "opc.tcp://127.0.0.1:" + server.port() + "/vigil-secure",
                Duration.ofMillis(200),
                List.of(new TagSpec("flow", "ns=1;s=pump.flow", DataType.FLOAT64)),
                new DeviceSecurity(policy, mode, user, password, agentPki));
    }

    /** The agent trusts the server: its certificate copied into the agent's trust store, as an operator would. */
    private static Path agentPkiTrustingServer(String name) throws IOException {
        Path pki = dir.resolve(name);
        Files.createDirectories(pki.resolve("trusted/certs"));
        Files.copy(serverPki.resolve("own/certs/certificate.pem"), pki.resolve("trusted/certs/server.pem"));
        return pki;
    }

    /**
     * Moves what the server rejected into its trusted folder, as the operator does after reading the message, then
     * waits until node-opcua has noticed (it watches the folder asynchronously; on a loaded 2-core machine the 2.182
     * line pinned for Debian 12's Node 18 took longer than 20 s, so the bound is 60 s).
     */
    private static void trustRejectedOnServer(Path agentPki) throws Exception {
        Files.createDirectories(serverPki.resolve("trusted/certs"));
        try (Stream<Path> rejected = Files.list(serverPki.resolve("rejected"))) {
            for (Path p : rejected.toList()) {
                Files.move(p, serverPki.resolve("trusted/certs").resolve(p.getFileName()));
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try (var probe = new OpcUaAdapter(device(agentPki, "Basic256Sha256", "Sign", "", null))) {
                Await.result(probe.connect());
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(500);
            }
        }
    }

    @Test
    void namesOurCertificateUntilTheServerTrustsItThenReadsSignedAndEncrypted() throws Exception {
        Path pki = agentPkiTrustingServer("pki-a");
        DeviceSpec spec = device(pki, "Basic256Sha256", "SignAndEncrypt", "", null);
        try (var adapter = new OpcUaAdapter(spec)) {
            assertThatThrownBy(() -> Await.result(adapter.connect()))
                    .isInstanceOf(ExecutionException.class)
                    .cause()
                    .isInstanceOf(DeviceException.class)
                    .hasMessageContaining("the server does not trust the agent's certificate")
                    .hasMessageContaining(
                            pki.resolve("own/certs/vigil-agent.der").toString())
                    .hasMessageContaining(ClientCertificate.loadOrCreate(pki).thumbprint())
                    .hasMessageContaining("pki/rejected");

            trustRejectedOnServer(pki);
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples).singleElement().satisfies(s -> {
                assertThat(s.isGood()).isTrue();
                assertThat(s.value()).isEqualTo(42.5);
            });
        }
    }

    @Test
    void signsWithAes128RsaOaepAndLogsInAsANamedUserButNotWithAWrongPassword() throws Exception {
        Path pki = agentPkiTrustingServer("pki-b");
        Path good = Files.writeString(dir.resolve("good.txt"), "secret\n");
        Path bad = Files.writeString(dir.resolve("bad.txt"), "wrong\n");
        try (var first = new OpcUaAdapter(device(pki, "Basic256Sha256", "Sign", "", null))) {
            assertThatThrownBy(() -> Await.result(first.connect())).hasMessageContaining("does not trust the agent's");
        }
        trustRejectedOnServer(pki);

        // Aes256_Sha256_RsaPss opens the channel but node-opcua 2.186.4 refuses its session signature
        // (Bad_SecurityChecksFailed): not tested here, see docs/OPERATIONS.md (OPC UA security).
        try (var adapter = new OpcUaAdapter(device(pki, "Aes128_Sha256_RsaOaep", "Sign", "", null))) {
            Await.result(adapter.connect());
            assertThat(Await.result(adapter.read())).allMatch(Sample::isGood);
        }
        try (var adapter = new OpcUaAdapter(device(pki, "Basic256Sha256", "SignAndEncrypt", "vigil", good))) {
            Await.result(adapter.connect());
            assertThat(Await.result(adapter.read())).allMatch(Sample::isGood);
        }
        try (var adapter = new OpcUaAdapter(device(pki, "Aes128_Sha256_RsaOaep", "SignAndEncrypt", "vigil", bad))) {
            assertThatThrownBy(() -> Await.result(adapter.connect()))
                    .cause()
                    .hasMessageContaining("refused the identity of user 'vigil'");
        }
    }

    @Test
    void savesAServerCertificateItDoesNotTrustAndSaysWhereToMoveIt() throws Exception {
        Path pki = dir.resolve("pki-c");
        try (var adapter = new OpcUaAdapter(device(pki, "Basic256Sha256", "Sign", "", null))) {
            assertThatThrownBy(() -> Await.result(adapter.connect()))
                    .cause()
                    .hasMessageContaining("the agent does not trust the server's certificate")
                    .hasMessageContaining(pki.resolve("trusted/certs").toString());
        }
        try (Stream<Path> rejected = Files.list(pki.resolve("rejected"))) {
            assertThat(rejected).hasSize(1);
        }
    }

    @Test
    void refusesAnEndpointTheServerDoesNotOfferNamingThoseItDoes() throws Exception {
        try (var adapter = new OpcUaAdapter(device(dir.resolve("pki-d"), "None", "None", "", null))) {
            assertThatThrownBy(() -> Await.result(adapter.connect()))
                    .cause()
                    .hasMessageContaining("no endpoint with security None/None")
                    .hasMessageContaining("Basic256Sha256/SignAndEncrypt");
        }
    }
}
