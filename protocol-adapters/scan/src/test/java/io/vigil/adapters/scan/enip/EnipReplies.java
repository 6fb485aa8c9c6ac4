package io.vigil.adapters.scan.enip;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;

/** Fuzz entry: the ListIdentity parser and its classification, with the classification they may end in caught. */
public final class EnipReplies {
    private static final byte[] REQUEST = ListIdentity.request();

    private EnipReplies() {}

    public static void parse(byte[] reply) {
        try {
            EnipProbe.classify(new Findings(ScanProtocol.ENIP), ListIdentity.decode(reply, REQUEST));
        } catch (MalformedReplyException expected) {
            // not a ListIdentity reply
        }
    }
}
