package io.vigil.hub.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.hub.security.login.Role;
import io.vigil.hub.security.login.UserStore;
import io.vigil.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 21, item 10: a secret file that became readable by others went unnoticed at start and on reload. */
class PrivateFilesTest {
    @TempDir
    Path pki;

    @Test
    void aHubWithAWorldReadableUsersFileRefusesToStartNamingTheFileAndItsMode() throws Exception {
        UserStore.in(pki).put("ada", Role.ADMIN, "a-long-password".toCharArray());
        Files.setPosixFilePermissions(pki.resolve(UserStore.FILE), PosixFilePermissions.fromString("rw-r--r--"));
        var settings = new SecuritySettings(true, false, pki, SecuritySettings.DEFAULT_SESSION_TTL);

        assertThatThrownBy(() -> HubSecurity.create(settings, new MutableClock(Instant.EPOCH)))
                .isInstanceOf(SecuritySetupException.class)
                .hasMessageContaining(pki.resolve(UserStore.FILE).toString())
                .hasMessageContaining("mode 0644")
                .hasMessageContaining("chmod 600");
    }

    @Test
    void namesEverySecretThatIsOpenAndPassesOwnerOnlyOnes() throws Exception {
        Files.writeString(pki.resolve("ca.password"), "x");
        Files.setPosixFilePermissions(pki.resolve("ca.password"), PosixFilePermissions.fromString("rw-r-----"));
        Files.writeString(pki.resolve("hub.password"), "x");
        Files.setPosixFilePermissions(pki.resolve("hub.password"), PosixFilePermissions.fromString("rw----r--"));
        Secrets.writePrivate(pki.resolve("ca.p12"), new byte[] {1});

        assertThatThrownBy(() -> PrivateFiles.requirePrivate(pki))
                .hasMessageContaining("ca.password has mode 0640")
                .hasMessageContaining("hub.password has mode 0604")
                .hasMessageNotContaining("ca.p12 has");
        assertThat(PrivateFiles.problem(pki.resolve("ca.p12"))).isEmpty();
        assertThat(PrivateFiles.problem(pki.resolve("missing"))).isEmpty();
    }
}
