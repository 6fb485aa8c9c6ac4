package io.vigil.adapters.scan.opcua;

import io.vigil.adapters.scan.MalformedReplyException;
import java.util.List;
import java.util.function.Consumer;

/** Fuzz entry: the OPC UA reply parsers, each fed the same bytes, with the classifications they may end in caught. */
public final class OpcUaReplies {
    private static final List<Consumer<byte[]>> PARSERS = List.of(
            b -> {
                if (b.length >= UaMessages.FRAMING.headerLength()) {
                    UaMessages.FRAMING.totalLength(b);
                }
            },
            UaMessages::acknowledge,
            UaMessages::openResponse,
            b -> UaMessages.endpoints(UaMessages.msgChunk(b).body()),
            UaMessages::endpoints);

    private OpcUaReplies() {}

    public static void parse(byte[] reply) {
        for (Consumer<byte[]> parser : PARSERS) {
            try {
                parser.accept(reply);
            } catch (MalformedReplyException | UaMessages.ServerError expected) {
                // not this message, or the server's own error: both are classifications
            }
        }
    }
}
