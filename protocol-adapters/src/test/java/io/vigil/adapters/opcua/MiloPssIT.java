package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Ports;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Period;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.MemoryTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Aes256_Sha256_RsaPss against Milo's server SDK (node-opcua 2.186.4 refuses the session signature Milo's client makes
 * with that policy, see OpcUaSecurityIT): a secured Milo server that trusts exactly the agent's certificate, read
 * through the adapter with Sign and with SignAndEncrypt.
 */
@Timeout(60)
class MiloPssIT {
    private static final String PATH = "/vigil-pss";

    @TempDir
    Path dir;

    @Test
    void readsSignedAndEncryptedWithAes256RsaPss() throws Exception {
        Path pki = dir.resolve("agent-pki");
        X509Certificate agent = ClientCertificate.loadOrCreate(pki).certificate();
        int port = Ports.free();
        OpcUaServer server = securedServer(port, agent);
        try {
            server.startup().get(30, TimeUnit.SECONDS);
            X509Certificate own = server.getConfig()
                    .getCertificateManager()
                    .getCertificateGroups()
                    .get(0)
                    .getCertificateEntries()
                    .get(0)
                    .certificateChain[0];
            Files.createDirectories(pki.resolve("trusted/certs"));
            Files.write(pki.resolve("trusted/certs/server.der"), own.getEncoded());

            for (String mode : List.of("Sign", "SignAndEncrypt")) {
                var spec = new DeviceSpec(
                        "pss",
                        "pump1",
                        Protocol.OPC_UA,
                        "opc.tcp://127.0.0.1:" + port + PATH,
                        Duration.ofMillis(200),
                        // Server_ServerStatus_State: every OPC UA server has it, 0 = Running
                        List.of(new TagSpec("state", "ns=0;i=2259", DataType.FLOAT64)),
                        new DeviceSecurity("Aes256_Sha256_RsaPss", mode, "", null, pki));
                try (var adapter = new OpcUaAdapter(spec)) {
                    adapter.connect().toCompletableFuture().get(20, TimeUnit.SECONDS);
                    List<Sample> samples = adapter.read().toCompletableFuture().get(20, TimeUnit.SECONDS);
                    assertThat(samples).as(mode).singleElement().satisfies(s -> {
                        assertThat(s.isGood()).isTrue();
                        assertThat(s.value()).isEqualTo(0.0);
                    });
                }
            }
            // The server checks: an agent with another certificate is refused, with the message that says why.
            Path stranger = dir.resolve("stranger-pki");
            Files.createDirectories(stranger.resolve("trusted/certs"));
            Files.write(stranger.resolve("trusted/certs/server.der"), own.getEncoded());
            var refused = new DeviceSpec(
                    "pss",
                    "pump1",
                    Protocol.OPC_UA,
                    "opc.tcp://127.0.0.1:" + port + PATH,
                    Duration.ofMillis(200),
                    List.of(new TagSpec("state", "ns=0;i=2259", DataType.FLOAT64)),
                    new DeviceSecurity("Aes256_Sha256_RsaPss", "SignAndEncrypt", "", null, stranger));
            try (var adapter = new OpcUaAdapter(refused)) {
                assertThatThrownBy(() -> adapter.connect().toCompletableFuture().get(20, TimeUnit.SECONDS))
                        .hasMessageContaining("does not trust the agent's certificate");
            }
        } finally {
            server.shutdown().get(30, TimeUnit.SECONDS);
        }
    }

    private static OpcUaServer securedServer(int port, X509Certificate trusted) throws Exception {
        var trustList = new MemoryTrustListManager();
        trustList.addTrustedCertificate(trusted);
        var quarantine = new MemoryCertificateQuarantine();
        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) throws Exception {
                return new X509Certificate[] {
                    new SelfSignedCertificateBuilder(keyPair)
                            .setCommonName("Milo test server")
                            .setApplicationUri("urn:io.vigil:test:milo-pss")
                            .addIpAddress("127.0.0.1")
                            .addDnsName("localhost")
                            .setValidityPeriod(Period.ofDays(2))
                            .build()
                };
            }
        };
        var group = DefaultApplicationGroup.createAndInitialize(
                trustList,
                new MemoryCertificateStore(),
                factory,
                new DefaultServerCertificateValidator(trustList, quarantine));
        var endpoints = new HashSet<EndpointConfig>();
        for (MessageSecurityMode mode : List.of(MessageSecurityMode.Sign, MessageSecurityMode.SignAndEncrypt)) {
            endpoints.add(EndpointConfig.newBuilder()
                    .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                    .setBindAddress("127.0.0.1")
                    .setBindPort(port)
                    .setHostname("127.0.0.1")
                    .setPath(PATH)
                    .setSecurityPolicy(SecurityPolicy.Aes256_Sha256_RsaPss)
                    .setSecurityMode(mode)
                    .setCertificate(group.getCertificateEntries().get(0).certificateChain[0])
                    .addTokenPolicy(OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS)
                    .build());
        }
        var config = OpcUaServerConfig.builder()
                .setApplicationUri("urn:io.vigil:test:milo-pss")
                .setApplicationName(LocalizedText.english("Milo RSA-PSS test server"))
                .setProductUri("urn:io.vigil:test:milo-pss")
                .setEndpoints(Set.copyOf(endpoints))
                .setCertificateManager(new DefaultCertificateManager(quarantine, group))
                .setIdentityValidator(AnonymousIdentityValidator.INSTANCE)
                .build();
        return new OpcUaServer(
                config,
                profile -> new OpcTcpServerTransport(
                        OpcTcpServerTransportConfig.newBuilder().build()));
    }
}
