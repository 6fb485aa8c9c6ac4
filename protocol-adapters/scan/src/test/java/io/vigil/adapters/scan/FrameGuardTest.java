package io.vigil.adapters.scan;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The guard lets identification and read requests through and refuses every write, control or unknown frame. */
@Timeout(10)
class FrameGuardTest {
    private final FrameGuard guard = FrameGuard.strict();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "000100000005ff2b0e0100", // 43/14 basic
                "000200000005012b0e0200", // 43/14 regular
                "000300000006010300000001", // read holding register
            })
    void letsModbusIdentificationAndReadsThrough(String hex) {
        assertThatCode(() -> guard.check(ScanProtocol.MODBUS_TCP, Hex.parse(hex)))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "000100000006010600010001", // write single register
                "00010000000601050001ff00", // write single coil
                "0001000000090110000000010200ff", // write multiple registers
                "000100000006010800040000", // diagnostics: force listen-only mode
                "000100000005012b0d0100", // 43/13 CANopen
                "000100000005012b0e0100ff", // MBAP length lies
                "000100010005012b0e0100", // protocol id 1
            })
    void refusesModbusWritesAndControl(String hex) {
        assertThatThrownBy(() -> guard.check(ScanProtocol.MODBUS_TCP, Hex.parse(hex)))
                .isInstanceOf(UnsafeFrameException.class)
                .hasMessageContaining("refused");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "0300001611e00000000100c0010ac1020100c2020102", // COTP CR
                "0300001902f08032010000000100080000f0000001000101e0", // setup communication
                "0300002102f080320700000002000800080001120411440100ff09000400110000", // SZL 0x0011
            })
    void letsS7ConnectSetupAndSzlReadsThrough(String hex) {
        assertThatCode(() -> guard.check(ScanProtocol.S7COMM, Hex.parse(hex))).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // write var, one byte of MB0
                "0300002402f080320100000004000e00050501120a100200010000830000000004000800",
                // PLC stop
                "0300002102f0803201000000050010000029000000000009505f50524f4752414d",
                // request download
                "0300001902f080320100000006000800001a00000000000000",
                // userdata, block functions (list blocks)
                "0300002102f080320700000002000800080001120411430100ff09000400110000",
                // COTP disconnect request
                "0300000b06800000000100",
            })
    void refusesS7WritesStopsAndDownloads(String hex) {
        assertThatThrownBy(() -> guard.check(ScanProtocol.S7COMM, Hex.parse(hex)))
                .isInstanceOf(UnsafeFrameException.class);
    }

    @Test
    void refusesOpcUaServicesOtherThanDiscovery() {
        // MSG carrying a WriteRequest (i=673)
        byte[] write = Hex.parse("4d53474620000000" + "01000000" + "01000000" + "02000000" + "02000000" + "0100a102");
        assertThatThrownBy(() -> guard.check(ScanProtocol.OPCUA, write)).isInstanceOf(UnsafeFrameException.class);
        // MSG carrying a CreateSessionRequest (i=461)
        byte[] session = Hex.parse("4d53474620000000" + "01000000" + "01000000" + "02000000" + "02000000" + "0100cd01");
        assertThatThrownBy(() -> guard.check(ScanProtocol.OPCUA, session)).isInstanceOf(UnsafeFrameException.class);
        // a hello is fine
        byte[] hello = Hex.parse("48454c461c000000000000000000010000000100000000000000000000ffffffff");
        assertThatCode(() -> guard.check(ScanProtocol.OPCUA, Arrays.copyOf(hello, 28)))
                .doesNotThrowAnyException();
    }

    @Test
    void refusesEveryFrameOfAProtocolItDoesNotSpeak() {
        assertThatThrownBy(() -> guard.check(ScanProtocol.UNKNOWN, new byte[] {1, 2, 3}))
                .isInstanceOf(UnsafeFrameException.class);
    }
}
