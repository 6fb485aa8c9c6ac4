package io.vigil.adapters.scan.opcua;

import io.vigil.adapters.scan.ByteReader;
import io.vigil.adapters.scan.Framing;
import io.vigil.adapters.scan.MalformedReplyException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The OPC UA Binary messages of the probe (Part 6, 7.1): Hello, OpenSecureChannel with policy None, GetEndpoints and
 * CloseSecureChannel, and decoders for Acknowledge, Error, the OpenSecureChannel response and the GetEndpoints
 * response.
 */
final class UaMessages {
    static final String POLICY_NONE = "http://opcfoundation.org/UA/SecurityPolicy#None";
    static final int OPEN_REQUEST = 446;
    static final int OPEN_RESPONSE = 449;
    static final int GET_ENDPOINTS_REQUEST = 428;
    static final int GET_ENDPOINTS_RESPONSE = 431;
    static final int CLOSE_REQUEST = 452;
    static final int SERVICE_FAULT = 397;

    /** The receive buffer we announce; a server's chunk may not exceed it. */
    static final int BUFFER = 65535;

    /** Most bytes a whole (multi-chunk) reply may take before the probe gives up on it. */
    static final int MAX_MESSAGE = 1 << 20;

    private static final Set<String> TYPES = Set.of("HEL", "ACK", "ERR", "OPN", "MSG", "CLO", "RHE");

    static final Framing FRAMING = new Framing() {
        @Override
        public int headerLength() {
            return 8;
        }

        @Override
        public int totalLength(byte[] h) {
            var r = new ByteReader(h);
            String type = r.ascii(3);
            int chunk = r.u8();
            long size = r.u32le();
            if (!TYPES.contains(type) || (chunk != 'F' && chunk != 'C' && chunk != 'A')) {
                throw new MalformedReplyException("not an OPC UA message header");
            }
            if (size < 8 || size > BUFFER + 8) {
                throw new MalformedReplyException("OPC UA message size " + size + " is outside 8.." + (BUFFER + 8));
            }
            return (int) size;
        }
    };

    private UaMessages() {}

    static byte[] hello(String endpointUrl) {
        return UaBinary.Writer.message(
                "HEL",
                new UaBinary.Writer()
                        .u32(0)
                        .u32(BUFFER)
                        .u32(BUFFER)
                        .u32(MAX_MESSAGE)
                        .u32(0)
                        .string(endpointUrl));
    }

    static byte[] open(Instant now, int timeoutMs) {
        var w = new UaBinary.Writer()
                .u32(0) // secure channel id
                .string(POLICY_NONE)
                .u32(-1) // sender certificate
                .u32(-1) // receiver certificate thumbprint
                .u32(1) // sequence number
                .u32(1) // request id
                .nodeId(OPEN_REQUEST);
        requestHeader(w, now, 1, timeoutMs);
        w.u32(0) // client protocol version
                .u32(0) // request type: issue
                .u32(1) // security mode: None
                .u32(0) // client nonce: empty
                .u32(600_000); // requested lifetime
        return UaBinary.Writer.message("OPN", w);
    }

    static byte[] getEndpoints(Channel channel, String endpointUrl, Instant now, int timeoutMs) {
        var w = symmetricHeader(channel, 2).nodeId(GET_ENDPOINTS_REQUEST);
        requestHeader(w, now, 2, timeoutMs);
        w.string(endpointUrl).u32(-1).u32(-1); // locale ids, profile URIs: null arrays
        return UaBinary.Writer.message("MSG", w);
    }

    static byte[] close(Channel channel, Instant now, int timeoutMs) {
        var w = symmetricHeader(channel, 3).nodeId(CLOSE_REQUEST);
        requestHeader(w, now, 3, timeoutMs);
        return UaBinary.Writer.message("CLO", w);
    }

    private static UaBinary.Writer symmetricHeader(Channel channel, int sequence) {
        return new UaBinary.Writer()
                .u32(channel.channelId())
                .u32(channel.tokenId())
                .u32(sequence)
                .u32(sequence);
    }

    private static void requestHeader(UaBinary.Writer w, Instant now, int handle, int timeoutMs) {
        w.u8(0)
                .u8(0) // authentication token: null NodeId
                .dateTime(now)
                .u32(handle)
                .u32(0) // return diagnostics
                .u32(-1) // audit entry id
                .u32(timeoutMs)
                .u8(0)
                .u8(0)
                .u8(0); // additional header: null extension object
    }

    /** The secure channel the server opened. */
    record Channel(long channelId, long tokenId) {}

    /** An ACK's buffer sizes, or an ERR. */
    record Ack(long receiveBuffer, long sendBuffer, long maxMessage) {}

    /** An ERR message from the server. */
    static final class ServerError extends RuntimeException {
        final long code;

        ServerError(long code, String reason) {
            super(String.format("0x%08X %s", code, reason == null ? "" : reason), null, false, false);
            this.code = code;
        }
    }

    static Ack acknowledge(byte[] frame) {
        var r = new ByteReader(frame);
        String type = r.ascii(3);
        r.skip(5);
        if (type.equals("ERR")) {
            throw error(r);
        }
        if (!type.equals("ACK")) {
            throw new MalformedReplyException("expected ACK, got " + type);
        }
        r.u32le(); // protocol version
        long recv = r.u32le();
        long send = r.u32le();
        long max = r.u32le();
        r.u32le(); // max chunk count
        if (recv < 8192 || send < 8192) {
            throw new MalformedReplyException("ACK buffer sizes " + recv + "/" + send + " are below 8192");
        }
        return new Ack(recv, send, max);
    }

    static Channel openResponse(byte[] frame) {
        var r = new ByteReader(frame);
        String type = r.ascii(3);
        r.skip(5);
        if (type.equals("ERR")) {
            throw error(r);
        }
        if (!type.equals("OPN")) {
            throw new MalformedReplyException("expected OPN, got " + type);
        }
        long channelId = r.u32le();
        String policy = UaBinary.string(r);
        if (!POLICY_NONE.equals(policy)) {
            throw new MalformedReplyException("OPN reply with policy " + policy);
        }
        UaBinary.byteString(r);
        UaBinary.byteString(r);
        r.skip(8); // sequence number, request id
        int service = UaBinary.nodeId(r);
        if (service == SERVICE_FAULT) {
            throw new ServerError(UaBinary.responseHeader(r), "ServiceFault to OpenSecureChannel");
        }
        if (service != OPEN_RESPONSE) {
            throw new MalformedReplyException("OPN reply carries service i=" + service);
        }
        long result = UaBinary.responseHeader(r);
        if (result != 0) {
            throw new ServerError(result, "OpenSecureChannel failed");
        }
        r.u32le(); // server protocol version
        long tokenChannel = r.u32le();
        long tokenId = r.u32le();
        if (tokenChannel != channelId) {
            throw new MalformedReplyException("token channel " + tokenChannel + " is not channel " + channelId);
        }
        return new Channel(channelId, tokenId);
    }

    /** The body of a MSG chunk (after the sequence header), and whether it was the final chunk. */
    record Chunk(byte[] body, boolean last) {}

    static Chunk msgChunk(byte[] frame) {
        var r = new ByteReader(frame);
        String type = r.ascii(3);
        int chunk = r.u8();
        r.u32le();
        if (type.equals("ERR")) {
            throw error(r);
        }
        if (!type.equals("MSG")) {
            throw new MalformedReplyException("expected MSG, got " + type);
        }
        if (chunk == 'A') {
            throw new MalformedReplyException("the server aborted the reply");
        }
        r.skip(16); // channel id, token id, sequence number, request id
        return new Chunk(r.bytes(r.remaining()), chunk == 'F');
    }

    static List<UaEndpoint> endpoints(byte[] body) {
        var r = new ByteReader(body);
        int service = UaBinary.nodeId(r);
        long result = UaBinary.responseHeader(r);
        if (service == SERVICE_FAULT || result != 0) {
            throw new ServerError(result, "GetEndpoints failed");
        }
        if (service != GET_ENDPOINTS_RESPONSE) {
            throw new MalformedReplyException("MSG reply carries service i=" + service + ", not GetEndpoints");
        }
        int n = UaBinary.arrayLength(r);
        var out = new ArrayList<UaEndpoint>();
        for (int i = 0; i < n; i++) {
            out.add(UaEndpoint.decode(r));
        }
        return out;
    }

    private static ServerError error(ByteReader r) {
        long code = r.u32le();
        return new ServerError(code, UaBinary.string(r));
    }
}
