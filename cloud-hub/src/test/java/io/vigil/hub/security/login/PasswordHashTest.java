package io.vigil.hub.security.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class PasswordHashTest {

    @Test
    void verifiesTheRightPasswordAfterAnEncodeDecodeRoundTripAndRefusesAnother() {
        var hash = PasswordHash.of("correct horse".toCharArray());

        var decoded = PasswordHash.decode(hash.encode());

        assertThat(decoded.matches("correct horse".toCharArray())).isTrue();
        assertThat(decoded.matches("correct horsf".toCharArray())).isFalse();
        assertThat(decoded.matches(new char[0])).isFalse();
    }

    @Test
    void usesAtLeast210kIterationsAndAFreshSaltEachTime() {
        var a = PasswordHash.of("same password".toCharArray());
        var b = PasswordHash.of("same password".toCharArray());

        assertThat(a.iterations()).isGreaterThanOrEqualTo(210_000);
        assertThat(a.encode()).startsWith("pbkdf2-sha256$210000$");
        assertThat(a.salt()).isNotEqualTo(b.salt());
        assertThat(a.hash()).isNotEqualTo(b.hash());
    }

    @Test
    void refusesAMalformedStoredHashNamingTheExpectedShape() {
        assertThatThrownBy(() -> PasswordHash.decode("md5$abc"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pbkdf2-sha256$ITERATIONS$SALT$HASH");
    }
}
