package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Golden frames (hex ADUs: MBAP header + PDU) for every function the simulator answers. */
class ModbusTcpServerTest {
    private static final HexFormat HEX = HexFormat.of();
    private static ModbusTcpServer server;

    @BeforeAll
    static void start() {
        var image = new RegisterImage(10, 16);
        image.publish(new int[] {0x42F6, 0xE979, 0xFFFB, 0, 0, 0, 0, 0, 0, 7}, new boolean[] {
            true, false, true, true, false, false, false, false, false, true, false, false, false, false, false, false
        });
        server = new ModbusTcpServer("127.0.0.1", 0, image);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String answer(String request) {
        return HEX.formatHex(server.respond(HEX.parseHex(request)));
    }

    @Test
    void readsHoldingRegisters() {
        assertThat(answer("000100000006110300000003")).isEqualTo("00010000000911030642f6e979fffb");
    }

    @Test
    void mirrorsHoldingRegistersAsInputRegisters() {
        assertThat(answer("000200000006010400090001")).isEqualTo("0002000000050104020007");
    }

    @Test
    void packsCoilsLowBitFirst() {
        assertThat(answer("00030000000601010000000a")).isEqualTo("0003000000050101020d02");
    }

    @Test
    void answersIllegalDataAddressBeyondTheImage() {
        assertThat(answer("000400000006010300090002")).isEqualTo("000400000003018302");
    }

    @Test
    void answersIllegalFunctionForWrites() {
        assertThat(answer("000500000006010600000001")).isEqualTo("000500000003018601");
    }

    @Test
    void answersIllegalDataValueForTooManyRegisters() {
        assertThat(answer("00060000000601030000007e")).isEqualTo("000600000003018303");
    }
}
