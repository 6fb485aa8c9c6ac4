package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.Await;
import io.vigil.testing.MutableClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Learning a device's real request limit, against {@link LimitedModbusServer} (a test double: no real peer here can be
 * limited below 125 registers).
 */
@Timeout(30)
class ModbusRequestLimitTest {
    private static List<TagSpec> hundredInt16Tags() {
        var tags = new ArrayList<TagSpec>();
        for (int i = 0; i < 100; i++) {
            tags.add(new TagSpec("r" + i, "hr:" + i, DataType.UINT16));
        }
        return tags;
    }

    private static ModbusAdapter adapter(int port, Duration timeout) {
        return new ModbusAdapter(spec(port), Clock.systemUTC(), timeout);
    }

    private static DeviceSpec spec(int port) {
        return new DeviceSpec(
                "limited",
                "pump1",
                Protocol.MODBUS_TCP,
                "127.0.0.1:" + port,
                Duration.ofSeconds(1),
                hundredInt16Tags());
    }

    @Test
    void halvesTheRequestOnException03UntilTheDeviceAnswersAndReadsEveryTag() throws Exception {
        try (var device = new LimitedModbusServer(30, false);
                var adapter = adapter(device.port(), Duration.ofSeconds(2))) {
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples).allMatch(Sample::isGood);
            assertThat(samples)
                    .extracting(Sample::value)
                    .containsExactlyElementsOf(
                            IntStream.range(0, 100).mapToObj(i -> (double) i).toList());
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(25);
            assertThat(adapter.requestsPerRead()).isEqualTo(4);
            // 100, then 50; the second 50 is split before it is sent, since the limit is 25 by then
            assertThat(device.refused()).isEqualTo(2);
        }
    }

    @Test
    void remembersTheLearnedLimitSoLaterReadsSendNoRefusedRequest() throws Exception {
        try (var device = new LimitedModbusServer(30, false);
                var adapter = adapter(device.port(), Duration.ofSeconds(2))) {
            Await.result(adapter.connect());
            Await.result(adapter.read());
            int refusedAfterFirst = device.refused();

            for (int i = 0; i < 5; i++) {
                assertThat(Await.result(adapter.read())).allMatch(Sample::isGood);
            }
            assertThat(device.refused()).isEqualTo(refusedAfterFirst);
        }
    }

    @Test
    void aTimeoutOnALargeRequestHalvesTheLimitForTheNextRead() throws Exception {
        try (var device = new LimitedModbusServer(60, true);
                var adapter = adapter(device.port(), Duration.ofMillis(300))) {
            Await.result(adapter.connect());
            assertThatThrownBy(() -> Await.result(adapter.read())).hasCauseInstanceOf(DeviceException.class);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(50);

            Await.result(adapter.connect());
            assertThat(Await.result(adapter.read())).hasSize(100).allMatch(Sample::isGood);
            assertThat(adapter.requestsPerRead()).isEqualTo(2);
        }
    }

    @Test
    void aSingleRegisterRefusalStaysABadTagAndNeverGoesBelowOne() throws Exception {
        try (var device = new LimitedModbusServer(0, false);
                var adapter = adapter(device.port(), Duration.ofSeconds(2))) {
            Await.result(adapter.connect());
            List<Sample> samples = Await.result(adapter.read());

            assertThat(samples).noneMatch(Sample::isGood);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(1);
        }
    }

    /** Reads until the limit stops changing the plan on its own: the quiet reads a probe waits for. */
    private static void quietReads(ModbusAdapter adapter, int n) throws Exception {
        for (int i = 0; i < n; i++) {
            assertThat(Await.result(adapter.read())).allMatch(Sample::isGood);
        }
    }

    @Test
    void aLimitLoweredByATimeoutGrowsBackOnceTheDeviceAnswersAgain() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
        try (var device = new LimitedModbusServer(60, true);
                var adapter = new ModbusAdapter(
                        spec(device.port()), clock, Duration.ofMillis(150), LearnedLimits.inMemory())) {
            Await.result(adapter.connect());
            assertThatThrownBy(() -> Await.result(adapter.read())).hasCauseInstanceOf(DeviceException.class);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(50);
            device.limit(125); // the blip is over
            Await.result(adapter.connect());

            quietReads(adapter, RequestLimit.PROBE_AFTER_POLLS);
            assertThat(adapter.maxRegistersPerRequest()).as("too early").isEqualTo(50);
            clock.advance(RequestLimit.FIRST_WAIT);
            quietReads(adapter, 1);
            assertThat(adapter.maxRegistersPerRequest())
                    .as("the next read tries more")
                    .isEqualTo(100);
            quietReads(adapter, 1);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(100);
            assertThat(adapter.requestsPerRead()).isEqualTo(1);
        }
    }

    @Test
    void aProbeTheDeviceStillCannotAnswerRestoresTheLowerLimitAndWaitsTwiceAsLong() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
        try (var device = new LimitedModbusServer(60, true);
                var adapter = new ModbusAdapter(
                        spec(device.port()), clock, Duration.ofMillis(150), LearnedLimits.inMemory())) {
            Await.result(adapter.connect());
            assertThatThrownBy(() -> Await.result(adapter.read())).hasCauseInstanceOf(DeviceException.class);
            Await.result(adapter.connect());
            clock.advance(RequestLimit.FIRST_WAIT);
            quietReads(adapter, RequestLimit.PROBE_AFTER_POLLS);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(100);

            assertThatThrownBy(() -> Await.result(adapter.read())).hasCauseInstanceOf(DeviceException.class);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(50);
            Await.result(adapter.connect());
            clock.advance(RequestLimit.FIRST_WAIT);
            quietReads(adapter, RequestLimit.PROBE_AFTER_POLLS + 1);
            assertThat(adapter.maxRegistersPerRequest())
                    .as("waits twice as long now")
                    .isEqualTo(50);
            clock.advance(RequestLimit.FIRST_WAIT);
            quietReads(adapter, 1);
            assertThat(adapter.maxRegistersPerRequest())
                    .as("and then tries again")
                    .isEqualTo(100);
        }
    }

    @Test
    void aLimitLearnedFromException03IsNeverProbedAbove() throws Exception {
        var clock = new MutableClock(Instant.parse("2026-11-22T08:00:00Z"));
        try (var device = new LimitedModbusServer(30, false);
                var adapter = new ModbusAdapter(
                        spec(device.port()), clock, Duration.ofSeconds(2), LearnedLimits.inMemory())) {
            Await.result(adapter.connect());
            quietReads(adapter, 1);
            int refused = device.refused();
            clock.advance(Duration.ofDays(7));
            quietReads(adapter, 3 * RequestLimit.PROBE_AFTER_POLLS);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(25);
            assertThat(device.refused()).isEqualTo(refused);
        }
    }

    @Test
    void aRestartedAdapterStartsFromTheLimitLearnedBefore(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("modbus-limits.properties");
        try (var device = new LimitedModbusServer(30, false)) {
            try (var adapter = new ModbusAdapter(
                    spec(device.port()), Clock.systemUTC(), Duration.ofSeconds(2), LearnedLimits.unshared(file))) {
                Await.result(adapter.connect());
                quietReads(adapter, 1);
            }
            int refused = device.refused();
            assertThat(Files.readString(file)).contains("127.0.0.1\\:" + device.port() + "\\:1=25/25");

            try (var restarted = new ModbusAdapter(
                    spec(device.port()), Clock.systemUTC(), Duration.ofSeconds(2), LearnedLimits.unshared(file))) {
                Await.result(restarted.connect());
                assertThat(restarted.maxRegistersPerRequest()).isEqualTo(25);
                quietReads(restarted, 1);
                assertThat(device.refused())
                        .as("no request over the limit after the restart")
                        .isEqualTo(refused);
            }
        }
    }
}
