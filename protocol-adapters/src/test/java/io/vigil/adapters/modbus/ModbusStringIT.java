package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import io.vigil.testing.PeerProcess;
import io.vigil.testing.ProtocolPeers;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * String tags read by the real adapter from Debian's pymodbus server, whose holding registers 100-111 hold text (see
 * {@code peers/modbus_server.py}): big-endian ASCII, byte-swapped ASCII, ISO-8859-1 padded with spaces.
 */
@Timeout(60)
class ModbusStringIT {
    private static PeerProcess pymodbus;

    @BeforeAll
    static void start() {
        pymodbus = ProtocolPeers.modbus();
    }

    @AfterAll
    static void stop() {
        if (pymodbus != null) {
            pymodbus.close();
        }
    }

    @Test
    void readsStringTagsNextToANumberInBothByteOrders() throws Exception {
        var tags = List.of(
                new TagSpec("count", "hr:96", DataType.UINT16),
                TagSpec.text("name", "hr:100", 4),
                TagSpec.text("state", "hr:104:badc", 4),
                TagSpec.text("temp", "hr:108", 4),
                TagSpec.text("missing", "hr:140", 4));
        var spec = new DeviceSpec(
                "pymodbus", "pump7", Protocol.MODBUS_TCP, "127.0.0.1:" + pymodbus.port(), Duration.ofSeconds(1), tags);
        try (var adapter = new ModbusAdapter(spec)) {
            adapter.connect().toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<Sample> samples = adapter.read().toCompletableFuture().get(10, TimeUnit.SECONDS);

            assertThat(samples.get(0).value()).isEqualTo(96.0);
            assertThat(samples.subList(1, 4)).extracting(Sample::text).containsExactly("PUMP-7", "RUNNING", "25°C");
            assertThat(samples.subList(1, 4)).allMatch(s -> s.quality() == Quality.GOOD && Double.isNaN(s.value()));
            assertThat(samples.get(4))
                    .as("an address the server does not hold is a BAD text sample")
                    .isEqualTo(Sample.badText("missing", samples.get(4).time()));
        }
    }
}
