package io.vigil.adapters.scan.s7;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.Pcap;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.UnsafeFrameException;
import io.vigil.testing.SharedData;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Golden frames: the S7comm-plus session of {@code s7plus.pcap} (an S7-1200/1500-family exchange, Linux cooked
 * capture; BSD-3, from CISA's icsnpp-s7comm). Every server frame carries protocol id 0x72, which is how the S7 probe
 * tells S7comm-plus from S7comm; every client frame is S7comm-plus, which the guard never lets out.
 */
@Timeout(10)
class S7PlusGoldenFramesTest {
    private static List<byte[]> requests;
    private static List<byte[]> replies;

    @BeforeAll
    static void readCapture() throws Exception {
        Path pcap = SharedData.pcap("s7plus.pcap");
        var conversation = Pcap.conversation(pcap, 102, 49154); // 49155 only sends TCP keep-alive bytes
        requests = Pcap.frames(conversation.toServer(), S7Frames.FRAMING);
        replies = Pcap.frames(conversation.fromServer(), S7Frames.FRAMING);
    }

    @Test
    void everyRecordedServerFrameIsRecognizedAsS7commPlus() {
        assertThat(replies).hasSizeGreaterThan(10);
        for (byte[] reply : replies) {
            assertThatThrownBy(() -> S7Frames.setupAck(reply)).isInstanceOf(S7Frames.S7PlusReply.class);
        }
    }

    @Test
    void theGuardRefusesEveryRecordedS7commPlusRequest() {
        var guard = FrameGuard.strict();
        assertThat(requests).isNotEmpty();
        for (byte[] request : requests) {
            assertThatThrownBy(() -> guard.check(ScanProtocol.S7COMM, request))
                    .isInstanceOf(UnsafeFrameException.class)
                    .hasMessageContaining("not S7comm (0x32)");
        }
    }
}
