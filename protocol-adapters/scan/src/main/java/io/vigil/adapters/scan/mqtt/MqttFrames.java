package io.vigil.adapters.scan.mqtt;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.Framing;
import io.vigil.adapters.scan.MalformedReplyException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The two MQTT 3.1.1 packets the scanner sends (CONNECT with a clean session and no will, user name or password;
 * DISCONNECT) and the one it reads (CONNACK). Byte layouts from the MQTT 3.1.1 specification, sections 3.1, 3.2, 3.14.
 */
public final class MqttFrames {
    /** Protocol level 4: MQTT 3.1.1. */
    public static final int LEVEL_3_1_1 = 4;

    /** Connect flags with only "clean session" set: no will, no QoS, no retain, no user name, no password. */
    public static final int CLEAN_SESSION_ONLY = 0x02;

    public static final byte[] DISCONNECT = {(byte) 0xE0, 0x00};

    /** A CONNACK is exactly four bytes: 0x20, remaining length 2, acknowledge flags, return code. */
    public static final Framing FRAMING = new Framing() {
        @Override
        public int headerLength() {
            return 2;
        }

        @Override
        public int totalLength(byte[] h) {
            if ((h[0] & 0xFF) != 0x20) {
                throw new MalformedReplyException(
                        "first byte 0x" + Integer.toHexString(h[0] & 0xFF) + " is not a CONNACK (0x20)");
            }
            if (h[1] != 2) {
                throw new MalformedReplyException("CONNACK remaining length " + (h[1] & 0xFF) + " is outside 2..2");
            }
            return 4;
        }
    };

    private MqttFrames() {}

    /** A CONNECT for {@code clientId} (1-23 characters of [0-9a-zA-Z-], as 3.1.1 servers must accept). */
    public static byte[] connect(String clientId, int keepAliveSeconds) {
        if (!clientId.matches("[0-9A-Za-z\\-]{1,23}")) {
            throw new IllegalArgumentException("clientId must be 1-23 of [0-9A-Za-z-], not '" + clientId + "'");
        }
        if (keepAliveSeconds < 1 || keepAliveSeconds > 60) {
            throw new IllegalArgumentException("keepAliveSeconds must be 1..60, not " + keepAliveSeconds);
        }
        byte[] id = clientId.getBytes(StandardCharsets.US_ASCII);
        int remaining = 10 + 2 + id.length;
        var out = new byte[2 + remaining];
        int i = 0;
        out[i++] = 0x10;
        out[i++] = (byte) remaining;
        byte[] head = {0, 4, 'M', 'Q', 'T', 'T', LEVEL_3_1_1, CLEAN_SESSION_ONLY, 0, (byte) keepAliveSeconds};
        System.arraycopy(head, 0, out, i, head.length);
        i += head.length;
        out[i++] = 0;
        out[i++] = (byte) id.length;
        System.arraycopy(id, 0, out, i, id.length);
        return out;
    }

    /** A decoded CONNACK. */
    public record ConnAck(boolean sessionPresent, int returnCode) {
        public boolean accepted() {
            return returnCode == 0;
        }

        /** The return code's name in MQTT 3.1.1 (table 3.1). */
        public String meaning() {
            return switch (returnCode) {
                case 0 -> "connection accepted";
                case 1 -> "unacceptable protocol version";
                case 2 -> "identifier rejected";
                case 3 -> "server unavailable";
                case 4 -> "bad user name or password";
                case 5 -> "not authorized";
                default -> "reserved return code " + returnCode;
            };
        }
    }

    /** Decodes the reply to {@code request} (a CONNECT); an echo or anything but a CONNACK is malformed. */
    public static ConnAck connAck(byte[] frame, byte[] request) {
        if (Arrays.equals(frame, request)) {
            throw new MalformedReplyException("the reply echoes the request");
        }
        var r = new ByteReader(frame);
        int total = FRAMING.totalLength(r.bytes(2));
        if (frame.length != total) {
            throw new MalformedReplyException("CONNACK is " + frame.length + " bytes, not " + total);
        }
        int flags = r.u8();
        if ((flags & 0xFE) != 0) {
            throw new MalformedReplyException("CONNACK flags 0x" + Integer.toHexString(flags) + " set reserved bits");
        }
        return new ConnAck((flags & 1) == 1, r.u8());
    }
}
