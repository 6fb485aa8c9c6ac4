package io.vigil.adapters.scan.bacnet;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;

/**
 * Fuzz entry: the BACnet/IP reply parser and its classification. The invoke id is taken from the datagram when it
 * has one, so the fuzzer reaches past the invoke id check.
 */
public final class BacnetReplies {
    private BacnetReplies() {}

    public static void parse(byte[] reply) {
        int invokeId = Math.max(1, BacnetFrames.invokeIdOf(reply));
        try {
            var decoded = BacnetFrames.decode(reply, invokeId);
            var findings = new Findings(ScanProtocol.BACNET_IP);
            BacnetProbe.identified(findings, decoded);
            BacnetProbe.record(findings, "vendor", decoded);
        } catch (MalformedReplyException expected) {
            // not a reply to our ReadProperty
        }
    }
}
