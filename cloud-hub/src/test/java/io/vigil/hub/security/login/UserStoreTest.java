package io.vigil.hub.security.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class UserStoreTest {
    @TempDir
    Path dir;

    @Test
    void authenticatesWithTheStoredHashAndNeverKeepsThePassword() throws Exception {
        var store = UserStore.in(dir);
        assertThat(store.put("alice", Role.ADMIN, "s3cret-pass".toCharArray())).isTrue();

        assertThat(store.authenticate("alice", "s3cret-pass".toCharArray()))
                .hasValueSatisfying(u -> assertThat(u.role()).isEqualTo(Role.ADMIN));
        assertThat(store.authenticate("alice", "wrong-pass".toCharArray())).isEmpty();
        assertThat(store.authenticate("mallory", "s3cret-pass".toCharArray())).isEmpty();
        assertThat(Files.readString(dir.resolve(UserStore.FILE)))
                .contains("pbkdf2-sha256$")
                .doesNotContain("s3cret-pass");
    }

    @Test
    void aRunningStoreSeesAUserAddedByAnotherProcess() throws Exception {
        var hubView = UserStore.in(dir);
        assertThat(hubView.list()).isEmpty();

        UserStore.in(dir).put("bob", Role.VIEWER, "password-1".toCharArray());
        Files.setLastModifiedTime(
                dir.resolve(UserStore.FILE), FileTime.from(Instant.now().plusSeconds(5)));

        assertThat(hubView.authenticate("bob", "password-1".toCharArray())).isPresent();
    }

    @Test
    void refusesAShortPasswordAndABadName() {
        var store = UserStore.in(dir);

        assertThatThrownBy(() -> store.put("carol", Role.VIEWER, "short".toCharArray()))
                .hasMessageContaining("at least 8");
        assertThatThrownBy(() -> store.put("carol'--", Role.VIEWER, "long-enough".toCharArray()))
                .hasMessageContaining("not a valid id");
    }
}
