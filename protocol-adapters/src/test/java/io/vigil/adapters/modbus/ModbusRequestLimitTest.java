package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.device.DeviceException;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        var spec = new DeviceSpec(
                "limited",
                "pump1",
                Protocol.MODBUS_TCP,
                "127.0.0.1:" + port,
                Duration.ofSeconds(1),
                hundredInt16Tags());
        return new ModbusAdapter(spec, Clock.systemUTC(), timeout);
    }

    private static <T> T await(java.util.concurrent.CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(20, TimeUnit.SECONDS);
    }

    @Test
    void halvesTheRequestOnException03UntilTheDeviceAnswersAndReadsEveryTag() throws Exception {
        try (var device = new LimitedModbusServer(30, false);
                var adapter = adapter(device.port(), Duration.ofSeconds(2))) {
            await(adapter.connect());
            List<Sample> samples = await(adapter.read());

            assertThat(samples).allMatch(Sample::isGood);
            assertThat(samples)
                    .extracting(Sample::value)
                    .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 100)
                            .mapToObj(i -> (double) i)
                            .toList());
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
            await(adapter.connect());
            await(adapter.read());
            int refusedAfterFirst = device.refused();

            for (int i = 0; i < 5; i++) {
                assertThat(await(adapter.read())).allMatch(Sample::isGood);
            }
            assertThat(device.refused()).isEqualTo(refusedAfterFirst);
        }
    }

    @Test
    void aTimeoutOnALargeRequestHalvesTheLimitForTheNextRead() throws Exception {
        try (var device = new LimitedModbusServer(60, true);
                var adapter = adapter(device.port(), Duration.ofMillis(300))) {
            await(adapter.connect());
            assertThatThrownBy(() -> await(adapter.read())).hasCauseInstanceOf(DeviceException.class);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(50);

            await(adapter.connect());
            assertThat(await(adapter.read())).hasSize(100).allMatch(Sample::isGood);
            assertThat(adapter.requestsPerRead()).isEqualTo(2);
        }
    }

    @Test
    void aSingleRegisterRefusalStaysABadTagAndNeverGoesBelowOne() throws Exception {
        try (var device = new LimitedModbusServer(0, false);
                var adapter = adapter(device.port(), Duration.ofSeconds(2))) {
            await(adapter.connect());
            List<Sample> samples = await(adapter.read());

            assertThat(samples).noneMatch(Sample::isGood);
            assertThat(adapter.maxRegistersPerRequest()).isEqualTo(1);
        }
    }
}
