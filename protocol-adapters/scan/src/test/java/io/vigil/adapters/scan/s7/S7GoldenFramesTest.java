package io.vigil.adapters.scan.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.Pcap;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.UnsafeFrameException;
import io.vigil.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Golden frames: the recorded S7 identification session of {@code s7ident.pcap} (a snap7 server; BSD-3, from CISA's
 * icsnpp-s7comm). The server's replies go through our decoders; the client's requests through our guard.
 */
@Timeout(10)
class S7GoldenFramesTest {
    private static List<byte[]> requests;
    private static List<byte[]> replies;

    @BeforeAll
    static void readCapture() throws Exception {
        Path pcap = SharedData.pcap("s7ident.pcap");
        var conversation = Pcap.conversation(pcap, 102);
        requests = Pcap.frames(conversation.toServer(), S7Frames.FRAMING);
        replies = Pcap.frames(conversation.fromServer(), S7Frames.FRAMING);
    }

    @Test
    void decodesTheConnectionConfirmAndTheNegotiatedPduSize() {
        assertThatCode(() -> S7Frames.connectionConfirm(replies.get(0))).doesNotThrowAnyException();
        assertThat(S7Frames.setupAck(replies.get(1))).isBetween(240, 960);
    }

    @Test
    void readsOrderNumberFirmwareAndNamesFromTheRecordedSzlReplies() {
        var findings = new Findings(ScanProtocol.S7COMM);
        for (byte[] reply : replies.subList(2, replies.size())) {
            if (reply.length < 9 || reply[8] != 7) {
                continue; // not userdata: the recorded client also started a block upload
            }
            S7Frames.Szl szl = S7Frames.szlReply(reply);
            if (szl.id() == 0x0011) {
                S7Probe.moduleIdentification(findings, szl);
            } else if (szl.id() == 0x001C) {
                S7Probe.componentIdentification(findings, szl);
            }
        }
        assertThat(findings.identity("order_number").value()).isEqualTo("6ES7 315-2EH14-0AB0");
        assertThat(findings.identity("firmware").value()).isEqualTo("V3.2.6");
        assertThat(findings.identity("module_name").value()).isEqualTo("CPU 315-2 PN/DP");
        assertThat(findings.identity("station_name").value()).isEqualTo("SNAP7-SERVER");
    }

    @Test
    void theGuardAcceptsTheRecordedIdentificationRequestsAndRefusesItsBlockUpload() {
        var guard = FrameGuard.strict();
        assertThat(requests).hasSizeGreaterThanOrEqualTo(4);
        for (byte[] r : requests) {
            boolean upload = r.length > 17 && r[8] == 1 && (r[17] & 0xFF) >= 0x1A && (r[17] & 0xFF) <= 0x1F;
            if (upload) {
                assertThatThrownBy(() -> guard.check(ScanProtocol.S7COMM, r))
                        .isInstanceOf(UnsafeFrameException.class)
                        .hasMessageContaining("function 0x1d");
            } else {
                assertThatCode(() -> guard.check(ScanProtocol.S7COMM, r)).doesNotThrowAnyException();
            }
        }
    }

    @Test
    void ourSzlRequestMatchesTheRecordedClientFrameBeyondThePduReference() {
        byte[] ours = S7Frames.readSzl(0, 0x0011, 0);
        assertThat(requests).anySatisfy(r -> {
            assertThat(r.length).isEqualTo(ours.length);
            assertThat(Arrays.copyOfRange(r, 13, r.length)).isEqualTo(Arrays.copyOfRange(ours, 13, ours.length));
        });
    }
}
