package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.hub.api.ApiException;
import io.vigil.hub.api.SeriesQuery;
import io.vigil.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of what anyone may send the hub, the way the scanner's reply parsers are fuzzed: the
 * first byte picks the parser, the rest is the input. The Sparkplug side runs the whole host interpretation (decoder,
 * alias tables, time guard, series budget) on one of the message types and may only accept or throw a
 * {@link Rejection}; the REST side runs the series parameters and may only accept (with a step and range the queries
 * can bind) or refuse with a 400 {@code param.invalid}. Anything else (an NPE, an overflow) is a finding. One test,
 * because Jazzer fuzzes one test per JVM; the surefire execution {@code fuzz} runs it with JAZZER_FUZZ=1 for
 * {@code maxDuration} after replaying the committed seeds in {@code HubInputFuzzTestInputs}.
 */
class HubInputFuzzTest {
    private static final Instant NOW = Instant.parse("2026-12-07T06:00:00Z");
    private static final List<String> TOPICS = List.of(
            "spBv1.0/plant/NBIRTH/edge-1",
            "spBv1.0/plant/DBIRTH/edge-1/pump-1",
            "spBv1.0/plant/DDATA/edge-1/pump-1",
            "spBv1.0/plant/NDATA/edge-1",
            "spBv1.0/plant/NDEATH/edge-1",
            "spBv1.0/plant/DDEATH/edge-1/pump-1");
    private static final SparkplugHost HOST = new SparkplugHost(
            new MutableClock(NOW), new IngestMetrics(new SimpleMeterRegistry()), true, new PayloadLimits(1000, 5000));

    @FuzzTest(maxDuration = "20s")
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void everyInputIsAcceptedOrRefusedWithItsCode(byte[] input) {
        if (input.length < 2) {
            return;
        }
        byte[] rest = Arrays.copyOfRange(input, 2, input.length);
        if ((input[0] & 1) == 0) {
            sparkplug(TOPICS.get((input[1] & 0xFF) % TOPICS.size()), rest);
        } else {
            series(new String(rest, StandardCharsets.UTF_8).split("\u0000", -1));
        }
    }

    private static void sparkplug(String topic, byte[] payload) {
        try {
            HOST.interpret(topic, payload, "fuzz", t -> {});
        } catch (Rejection expected) {
            assertThat(expected.reason).isNotBlank();
        }
    }

    private static void series(String[] p) {
        try {
            var q = SeriesQuery.parse(at(p, 0), at(p, 1), at(p, 2), at(p, 3), NOW);
            assertThat(q.step().toNanos()).isPositive();
            assertThat(q.from()).isBefore(q.to());
        } catch (ApiException refused) {
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.code()).isEqualTo("param.invalid");
        }
    }

    private static String at(String[] p, int i) {
        return i < p.length && !p[i].isEmpty() ? p[i] : null;
    }
}
