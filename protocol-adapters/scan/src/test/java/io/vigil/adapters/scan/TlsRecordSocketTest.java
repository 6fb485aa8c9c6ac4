package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(5)
class TlsRecordSocketTest {
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final TlsRecordSocket.RecordStream out =
            new TlsRecordSocket.RecordStream(wire, new Pacer(Duration.ZERO, Clock.systemUTC(), d -> {}));

    private static byte[] hex(String s) {
        return HexFormat.of().parseHex(s);
    }

    @Test
    void passesHandshakeRecordsEvenWhenOneIsSplitAcrossWrites() throws Exception {
        out.write(hex("1603010004aabb"));
        out.write(hex("ccdd140303000101"));
        out.write(hex("1703030002eeff"));
        assertThat(wire.size()).isEqualTo(7 + 8 + 7);
    }

    @Test
    void refusesAHeartbeatRecord() {
        assertThatThrownBy(() -> out.write(hex("1803030003010040")))
                .isInstanceOf(UnsafeFrameException.class)
                .hasMessageContaining("TLS record of type 24");
        assertThat(wire.size()).isZero();
    }

    @Test
    void refusesBytesThatAreNotATlsRecord() {
        assertThatThrownBy(() -> out.write(hex("101000044d515454")))
                .isInstanceOf(UnsafeFrameException.class)
                .hasMessageContaining("type 16");
    }
}
