package io.vigil.adapters.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Golden frames (hex ADUs: MBAP header + PDU) exchanged with j2mod's slave serving the simulator's image. */
@Timeout(30)
class ModbusPlantServerIT {
    private static final HexFormat HEX = HexFormat.of();
    private static ModbusPlantServer server;

    @BeforeAll
    static void start() {
        var image = new RegisterImage(10);
        image.publish(new int[] {0x42F6, 0xE979, 0xFFFB, 0, 0, 0, 0, 0, 0, 7});
        server = ModbusPlantServer.start("127.0.0.1", 0, image);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Sends one request over a fresh connection and reads one response (MBAP length tells how much). */
    private static String answer(String request) throws IOException {
        try (var socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(HEX.parseHex(request));
            var in = new DataInputStream(socket.getInputStream());
            byte[] header = in.readNBytes(6);
            int length = ((header[4] & 0xFF) << 8) | (header[5] & 0xFF);
            return HEX.formatHex(header) + HEX.formatHex(in.readNBytes(length));
        }
    }

    @Test
    void readsHoldingRegisters() throws IOException {
        assertThat(answer("000100000006010300000003")).isEqualTo("00010000000901030642f6e979fffb");
    }

    @Test
    void mirrorsHoldingRegistersAsInputRegisters() throws IOException {
        assertThat(answer("000200000006010400090001")).isEqualTo("0002000000050104020007");
    }

    @Test
    void answersIllegalDataAddressBeyondTheImage() throws IOException {
        assertThat(answer("000300000006010300090002")).isEqualTo("000300000003018302");
    }

    @Test
    void answersIllegalDataAddressForCoilsItDoesNotHave() throws IOException {
        assertThat(answer("000400000006010100000001")).isEqualTo("000400000003018102");
    }

    @Test
    void refusesAPortAnotherSlaveInThisJvmHolds() {
        assertThatThrownBy(() -> ModbusPlantServer.start("127.0.0.1", server.port(), new RegisterImage(1)))
                .hasMessageContaining("Modbus simulator cannot listen on 127.0.0.1:" + server.port());
    }

    @Test
    void closingFreesThePortForTheNextServer() {
        var first = ModbusPlantServer.start("127.0.0.1", 0, new RegisterImage(1));
        int port = first.port();
        first.close();
        var second = ModbusPlantServer.start("127.0.0.1", port, new RegisterImage(1));
        second.close();
        assertThat(second.port()).isEqualTo(port);
    }
}
