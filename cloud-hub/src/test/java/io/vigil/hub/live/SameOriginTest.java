package io.vigil.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SameOriginTest {
    @Test
    void aPageOfTheHubItselfMayOpenTheFeed() {
        assertThat(SameOrigin.allows("http://127.0.0.1:8080", "127.0.0.1:8080", false))
                .isTrue();
        assertThat(SameOrigin.allows("https://Hub.Example", "hub.example", true))
                .isTrue();
        assertThat(SameOrigin.allows("https://hub.example:443", "hub.example", true))
                .isTrue();
    }

    @Test
    void aPageOfAnotherSitePortOrSchemeMayNot() {
        assertThat(SameOrigin.allows("https://evil.example", "hub.example", true))
                .isFalse();
        assertThat(SameOrigin.allows("http://127.0.0.1:9999", "127.0.0.1:8080", false))
                .isFalse();
        assertThat(SameOrigin.allows("http://hub.example", "hub.example", true)).isFalse();
        assertThat(SameOrigin.allows("null", "hub.example", true))
                .as("a sandboxed frame")
                .isFalse();
        assertThat(SameOrigin.allows("not a uri", "hub.example", true)).isFalse();
        assertThat(SameOrigin.allows("https://hub.example", null, true)).isFalse();
    }

    @Test
    void aClientThatIsNotABrowserSendsNoOriginAndPasses() {
        assertThat(SameOrigin.allows(null, "hub.example", true)).isTrue();
    }
}
