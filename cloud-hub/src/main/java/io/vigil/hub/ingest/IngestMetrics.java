package io.vigil.hub.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.core.sample.Sample;
import java.util.List;
import java.util.function.Supplier;

/** The ingest meters, named so Prometheus shows {@code vigil_ingest_messages_total} and friends. */
public final class IngestMetrics {
    /** Rejection reasons, registered up front so they scrape as 0 before the first one. */
    public static final List<String> REASONS =
            List.of("topic", "malformed", "alias", "timestamp", "overload", "stale_death", "auth");

    private final MeterRegistry registry;
    private final Counter messages;
    private final Counter samples;
    private final Counter seqGaps;
    private final Counter pauses;
    private final Counter metricsRejected;
    private final Timer commit;

    public IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.messages = Counter.builder("vigil.ingest.messages")
                .description("MQTT PUBLISH messages received")
                .register(registry);
        this.samples = Counter.builder("vigil.samples.committed")
                .description("sample rows committed to the database")
                .register(registry);
        this.seqGaps = Counter.builder("vigil.ingest.seq.gaps")
                .description("Sparkplug sequence gaps (each triggers a rebirth request)")
                .register(registry);
        this.pauses = Counter.builder("vigil.ingest.pauses")
                .description("times an MQTT connection stopped being read because its writer's queue was above high"
                        + " water (back-pressure)")
                .register(registry);
        this.metricsRejected = Counter.builder("vigil.ingest.metrics.rejected")
                .description("single metrics dropped from otherwise good messages: text longer than " + Sample.MAX_TEXT
                        + " characters or holding NUL")
                .register(registry);
        this.commit = Timer.builder("vigil.commit")
                .description("time to write and commit one batch")
                .register(registry);
        REASONS.forEach(this::rejectedCounter);
    }

    private Counter rejectedCounter(String reason) {
        return Counter.builder("vigil.ingest.rejected")
                .description("messages rejected (acknowledged and dropped) by reason")
                .tag("reason", reason)
                .register(registry);
    }

    void message() {
        messages.increment();
    }

    /** Messages received through one broker session ({@code vigil_broker_session_messages_total{session=ID}}). */
    Counter sessionMessages(String session) {
        return Counter.builder("vigil.broker.session.messages")
                .description("MQTT PUBLISH messages received through one session with the external broker")
                .tag("session", session)
                .register(registry);
    }

    void rejected(String reason) {
        rejectedCounter(reason).increment();
    }

    void seqGap() {
        seqGaps.increment();
    }

    void metricsRejected(int n) {
        metricsRejected.increment(n);
    }

    void paused() {
        pauses.increment();
    }

    void samplesCommitted(long n) {
        samples.increment(n);
    }

    Timer commitTimer() {
        return commit;
    }

    void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }
}
