package io.vigil.hub.security.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CertificateAuthorityTest {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final String SERVER_AUTH = "1.3.6.1.5.5.7.3.1";

    @TempDir
    Path dir;

    @Test
    void initWritesTheCaAndAServerCertificateForLoopbackAndTheGivenHostsOwnerOnly() throws Exception {
        var ca = CertificateAuthority.init(dir, List.of("hub.plant.local", "10.0.0.5"), Clock.systemUTC());

        var hub = (X509Certificate) CertificateAuthority.readStore(
                        dir.resolve(CertificateAuthority.HUB_STORE), dir.resolve(CertificateAuthority.HUB_PASSWORD))
                .getCertificate(CertificateAuthority.ALIAS);
        hub.verify(ca.certificate().getPublicKey());
        assertThat(hub.getExtendedKeyUsage()).containsExactly(SERVER_AUTH);
        assertThat(hub.getSubjectAlternativeNames())
                .extracting(n -> (Object) n.get(1))
                .containsExactlyInAnyOrder("127.0.0.1", "localhost", "hub.plant.local", "10.0.0.5");
        assertThat(ca.certificate().getBasicConstraints()).isGreaterThanOrEqualTo(0);
        for (String f : List.of("ca.p12", "ca.password", "hub.p12", "hub.password")) {
            assertThat(Files.getPosixFilePermissions(dir.resolve(f)))
                    .as(f)
                    .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        }
    }

    @Test
    void enrollIssuesAClientCertificateWithTheAgentAsCnSignedByTheCa() throws Exception {
        CertificateAuthority.init(dir, List.of(), Clock.systemUTC());
        var ca = CertificateAuthority.load(dir, Clock.systemUTC());

        var e = ca.enroll("edge-7");

        var store = CertificateAuthority.readStore(e.keyStore(), e.passwordFile());
        var cert = (X509Certificate) store.getCertificate(CertificateAuthority.ALIAS);
        cert.verify(ca.certificate().getPublicKey());
        assertThat(AgentCertificateGate.commonName(cert)).isEqualTo("edge-7");
        assertThat(cert.getExtendedKeyUsage()).containsExactly(CLIENT_AUTH);
        assertThat(cert.getBasicConstraints()).isEqualTo(-1);
        assertThat(Files.readString(e.trustStore())).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(e.keyStore()).isEqualTo(dir.resolve("agents/edge-7/agent.p12"));
        assertThat(Files.getPosixFilePermissions(dir.resolve("agents/edge-7")))
                .containsExactlyInAnyOrder(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE);
    }

    @Test
    void refusesASecondInitAndEnrollingWithoutACaOrWithABadId() {
        CertificateAuthority.init(dir, List.of(), Clock.systemUTC());

        assertThatThrownBy(() -> CertificateAuthority.init(dir, List.of(), Clock.systemUTC()))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> CertificateAuthority.load(dir.resolve("none"), Clock.systemUTC()))
                .hasMessageContaining("run vigil hub init first");
        assertThatThrownBy(
                        () -> CertificateAuthority.load(dir, Clock.systemUTC()).enroll("edge 1; rm"))
                .hasMessageContaining("not a valid id");
    }
}
