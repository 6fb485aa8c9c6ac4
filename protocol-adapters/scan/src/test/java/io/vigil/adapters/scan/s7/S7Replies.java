package io.vigil.adapters.scan.s7;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;
import java.util.List;
import java.util.function.Consumer;

/** Fuzz entry: the S7 reply parsers, each fed the same bytes, with the classifications they may end in caught. */
public final class S7Replies {
    private static final List<Consumer<byte[]>> PARSERS = List.of(
            b -> {
                if (b.length >= S7Frames.FRAMING.headerLength()) {
                    S7Frames.FRAMING.totalLength(b);
                }
            },
            S7Frames::connectionConfirm,
            S7Frames::setupAck,
            S7Frames::readVarReturnCode,
            b -> {
                S7Frames.Szl szl = S7Frames.szlReply(b);
                var findings = new Findings(ScanProtocol.S7COMM);
                S7Probe.moduleIdentification(findings, szl);
                S7Probe.componentIdentification(findings, szl);
            });

    private S7Replies() {}

    public static void parse(byte[] reply) {
        for (Consumer<byte[]> parser : PARSERS) {
            try {
                parser.accept(reply);
            } catch (MalformedReplyException | S7Frames.S7PlusReply expected) {
                // not this reply, or S7comm-plus: both are classifications
            }
        }
    }
}
