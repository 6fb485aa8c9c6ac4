package io.vigil.hub.ingest;

import io.vigil.core.sample.Tags;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * External broker mode: the hub subscribes to an MQTT 5 broker instead of running its own endpoint.
 *
 * @param broker {@code tcp://host:port}
 * @param shareGroup the shared-subscription group data is consumed through ({@code $share/GROUP/...}); hub instances
 *     with the same group split the data between them; empty: this hub takes every message (with several sessions they
 *     still share it among themselves, through a group named after the client id)
 * @param clientId MQTT client id of the hub's first session, also the Sparkplug host id of the STATE topic
 *     ({@code spBv1.0/STATE/CLIENT_ID}); the others are {@code CLIENT_ID.1}, {@code CLIENT_ID.2}, ...; must stay the
 *     same across restarts so the broker keeps what arrived meanwhile
 * @param sessions MQTT sessions this hub consumes data through, each feeding one of its writers; 1 keeps every
 *     message of an edge node in order (and Sparkplug sequence numbers checked) when there is no share group
 * @param sessionExpiry how long the broker keeps a session, and what it queues for it, while the hub is away (MQTT 5
 *     session expiry interval, at most {@link #MAX_SESSION_EXPIRY})
 * @param receiveMaximum unacknowledged QoS 1 messages the broker may send to one session (MQTT 5 receive maximum): the
 *     back-pressure to the broker when the database falls behind; a session whose broker exceeds it doubles it for
 *     its next connection (see {@link BrokerSession})
 */
public record BrokerSettings(
        URI broker,
        Optional<String> shareGroup,
        String clientId,
        int sessions,
        Duration sessionExpiry,
        int receiveMaximum) {
    public static final int DEFAULT_SESSIONS = 4;
    public static final Duration DEFAULT_SESSION_EXPIRY = Duration.ofDays(1);
    /**
     * MQTT 5's own default: Mosquitto 2.0.11 was measured not enforcing a smaller one (see {@link BrokerSession}), and
     * HiveMQ's client then drops the connection; set a smaller one for brokers that honour it (EMQX, HiveMQ).
     */
    public static final int DEFAULT_RECEIVE_MAXIMUM = 65_535;
    /** MQTT 5's largest finite session expiry interval (0xFFFFFFFE seconds; 0xFFFFFFFF means never). */
    public static final Duration MAX_SESSION_EXPIRY = Duration.ofSeconds(0xFFFFFFFEL);

    public BrokerSettings {
        Objects.requireNonNull(broker, "broker");
        if (!"tcp".equals(broker.getScheme()) || broker.getHost() == null || broker.getPort() < 1) {
            throw new IllegalArgumentException("broker '" + broker + "' must be tcp://HOST:PORT");
        }
        shareGroup = shareGroup == null ? Optional.empty() : shareGroup;
        shareGroup.ifPresent(g -> Tags.requireValidId("share group", g));
        Tags.requireValidId("client id", clientId);
        if (sessions < 1 || sessions > 64) {
            throw new IllegalArgumentException("sessions " + sessions + " is not in 1..64");
        }
        Objects.requireNonNull(sessionExpiry, "sessionExpiry");
        if (sessionExpiry.toSeconds() < 1 || sessionExpiry.compareTo(MAX_SESSION_EXPIRY) > 0) {
            throw new IllegalArgumentException(
                    "sessionExpiry " + sessionExpiry + " must be between 1 s and " + MAX_SESSION_EXPIRY);
        }
        if (receiveMaximum < 1 || receiveMaximum > 65_535) {
            throw new IllegalArgumentException("receiveMaximum " + receiveMaximum + " is not in 1..65535");
        }
    }

    /** The defaults for sessions, session expiry and receive maximum. */
    public BrokerSettings(URI broker, Optional<String> shareGroup, String clientId) {
        this(broker, shareGroup, clientId, DEFAULT_SESSIONS, DEFAULT_SESSION_EXPIRY, DEFAULT_RECEIVE_MAXIMUM);
    }

    public BrokerSettings withSessions(int n) {
        return new BrokerSettings(broker, shareGroup, clientId, n, sessionExpiry, receiveMaximum);
    }

    /** The MQTT client id of every session: {@code CLIENT_ID}, then {@code CLIENT_ID.1}, {@code CLIENT_ID.2}, ... */
    public List<String> sessionIds() {
        var ids = new ArrayList<String>(sessions);
        ids.add(clientId);
        for (int i = 1; i < sessions; i++) {
            ids.add(clientId + "." + i);
        }
        return ids;
    }

    /**
     * The group data is shared through: the configured one, else (several sessions, no group) one private to this hub;
     * empty when a single session takes every message itself.
     */
    Optional<String> dataGroup() {
        return shareGroup.isPresent() || sessions == 1 ? shareGroup : Optional.of(clientId);
    }

    /** Whether every message of an edge node reaches this hub, in order, through one session. */
    boolean seesEveryMessageInOrder() {
        return dataGroup().isEmpty();
    }
}
