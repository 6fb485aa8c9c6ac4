package io.vigil.adapters.scan;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads the TCP payloads of a capture (classic pcap or pcapng; Ethernet, Linux cooked or BSD loopback; IPv4 or IPv6) and reassembles the two directions of
 * the conversation with a server port, for golden-frame tests. Retransmitted segments (same sequence number) are
 * dropped.
 */
public final class Pcap {
    private Pcap() {}

    /** The bytes a client sent to {@code serverPort} and the bytes the server sent back, each in order. */
    public record Conversation(byte[] toServer, byte[] fromServer) {}

    public static Conversation conversation(Path file, int serverPort) throws IOException {
        return conversation(file, serverPort, -1);
    }

    /** As {@link #conversation(Path, int)}, for one client port only ({@code -1}: any). */
    public static Conversation conversation(Path file, int serverPort, int clientPort) throws IOException {
        var toServer = new ByteArrayOutputStream();
        var fromServer = new ByteArrayOutputStream();
        Set<String> seen = new HashSet<>();
        byte[] bytes = Files.readAllBytes(file);
        int linkType = linkType(bytes);
        for (byte[] packet : packets(bytes)) {
            tcp(packet, ipOffset(linkType), serverPort, clientPort, toServer, fromServer, seen);
        }
        return new Conversation(toServer.toByteArray(), fromServer.toByteArray());
    }

    /** Splits a stream into frames with a protocol's framing. */
    public static List<byte[]> frames(byte[] stream, Framing framing) {
        var out = new ArrayList<byte[]>();
        int pos = 0;
        while (pos < stream.length) {
            byte[] header = Arrays.copyOfRange(stream, pos, pos + framing.headerLength());
            int total = framing.totalLength(header);
            out.add(Arrays.copyOfRange(stream, pos, pos + total));
            pos += total;
        }
        return out;
    }

    /** Where the IP header starts: after a BSD loopback family (0), an Ethernet header (1), a Linux cooked header (113). */
    private static int ipOffset(int linkType) {
        return switch (linkType) {
            case 0 -> 4;
            case 113 -> 16;
            default -> 14;
        };
    }

    /** 1 Ethernet, 0 BSD loopback (a 4-byte address family before the IP header). */
    private static int linkType(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        if (b.getInt(0) != 0x0A0D0D0A) {
            return b.getInt(20);
        }
        int idb = b.getInt(4); // the interface description block follows the section header
        return b.getShort(idb + 8);
    }

    private static List<byte[]> packets(byte[] file) {
        ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int magic = b.getInt(0);
        return magic == 0x0A0D0D0A ? pcapng(b) : classic(b);
    }

    private static List<byte[]> classic(ByteBuffer b) {
        if (b.getInt(0) != 0xA1B2C3D4) {
            throw new IllegalArgumentException("not a little-endian pcap file");
        }
        var out = new ArrayList<byte[]>();
        for (int pos = 24; pos + 16 <= b.limit(); ) {
            int captured = b.getInt(pos + 8);
            out.add(slice(b, pos + 16, captured));
            pos += 16 + captured;
        }
        return out;
    }

    private static List<byte[]> pcapng(ByteBuffer b) {
        var out = new ArrayList<byte[]>();
        for (int pos = 0; pos + 12 <= b.limit(); ) {
            int type = b.getInt(pos);
            int length = b.getInt(pos + 4);
            if (type == 6) { // enhanced packet block
                out.add(slice(b, pos + 28, b.getInt(pos + 20)));
            }
            pos += length;
        }
        return out;
    }

    private static byte[] slice(ByteBuffer b, int from, int n) {
        byte[] out = new byte[n];
        b.get(from, out);
        return out;
    }

    private static void tcp(
            byte[] frame,
            int ip,
            int serverPort,
            int clientPort,
            ByteArrayOutputStream toServer,
            ByteArrayOutputStream fromServer,
            Set<String> seen) {
        ByteBuffer b = ByteBuffer.wrap(frame).order(ByteOrder.BIG_ENDIAN);
        if (frame.length < ip + 40) {
            return;
        }
        int version = (b.get(ip) >> 4) & 0x0F;
        int tcp;
        int to;
        if (version == 4 && b.get(ip + 9) == 6) {
            tcp = ip + (b.get(ip) & 0x0F) * 4;
            to = ip + (b.getShort(ip + 2) & 0xFFFF);
        } else if (version == 6 && b.get(ip + 6) == 6) {
            tcp = ip + 40;
            to = tcp + (b.getShort(ip + 4) & 0xFFFF);
        } else {
            return; // not TCP
        }
        int src = b.getShort(tcp) & 0xFFFF;
        int dst = b.getShort(tcp + 2) & 0xFFFF;
        long seq = b.getInt(tcp + 4) & 0xFFFFFFFFL;
        int dataOffset = ((b.get(tcp + 12) >> 4) & 0x0F) * 4;
        int from = tcp + dataOffset;
        if (to <= from || (src != serverPort && dst != serverPort)) {
            return;
        }
        if (clientPort >= 0 && src != clientPort && dst != clientPort) {
            return;
        }
        if (!seen.add(src + ">" + dst + ":" + seq)) {
            return; // retransmission
        }
        (dst == serverPort ? toServer : fromServer).write(frame, from, to - from);
    }
}
