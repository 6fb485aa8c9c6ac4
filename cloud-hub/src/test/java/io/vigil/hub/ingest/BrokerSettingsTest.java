package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BrokerSettingsTest {
    private static final URI BROKER = URI.create("tcp://127.0.0.1:1883");

    @Test
    void namesEverySessionAfterTheClientId() {
        var settings = new BrokerSettings(BROKER, Optional.of("vigil"), "hub-a").withSessions(3);

        assertThat(settings.sessionIds()).containsExactly("hub-a", "hub-a.1", "hub-a.2");
    }

    @Test
    void severalSessionsWithoutAShareGroupShareThroughAGroupNamedAfterTheClientId() {
        var settings = new BrokerSettings(BROKER, Optional.empty(), "hub-a").withSessions(2);

        assertThat(settings.dataGroup()).contains("hub-a");
        assertThat(settings.seesEveryMessageInOrder()).isFalse();
    }

    @Test
    void checksSequenceNumbersOnlyWithOneUnsharedSession() {
        var single = new BrokerSettings(BROKER, Optional.empty(), "hub-a").withSessions(1);
        var shared = new BrokerSettings(BROKER, Optional.of("vigil"), "hub-a").withSessions(1);

        assertThat(single.seesEveryMessageInOrder()).isTrue();
        assertThat(single.dataGroup()).isEmpty();
        assertThat(shared.seesEveryMessageInOrder()).isFalse();
    }

    @Test
    void defaultsToFourSessionsKeptForADay() {
        var settings = new BrokerSettings(BROKER, Optional.empty(), "hub-a");

        assertThat(settings.sessions()).isEqualTo(4);
        assertThat(settings.sessionExpiry()).isEqualTo(Duration.ofDays(1));
        assertThat(settings.receiveMaximum()).isEqualTo(65_535);
    }

    @Test
    void refusesOutOfRangeValuesNamingTheField() {
        assertThatThrownBy(() -> new BrokerSettings(BROKER, Optional.empty(), "hub-a", 0, Duration.ofDays(1), 128))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sessions 0");
        assertThatThrownBy(() -> new BrokerSettings(BROKER, Optional.empty(), "hub-a", 1, Duration.ZERO, 128))
                .hasMessageContaining("sessionExpiry PT0S");
        assertThatThrownBy(() -> new BrokerSettings(BROKER, Optional.empty(), "hub-a", 1, Duration.ofDays(1), 0))
                .hasMessageContaining("receiveMaximum 0");
        assertThatThrownBy(() -> new BrokerSettings(URI.create("ssl://h:1"), Optional.empty(), "hub-a"))
                .hasMessageContaining("must be tcp://HOST:PORT");
    }
}
