package io.vigil.adapters.scan.opcua;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.Pcap;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.testing.SharedData;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Golden frames: the recorded open62541 discovery session of {@code opcua_getendpoints.pcap} (HEL/ACK, OPN None,
 * GetEndpoints, CLO; BSD-3, from CISA's icsnpp-opcua-binary). Replies go through our decoders, requests through our
 * guard.
 */
@Timeout(10)
class OpcUaGoldenFramesTest {
    private static List<byte[]> requests;
    private static List<byte[]> replies;

    @BeforeAll
    static void readCapture() throws Exception {
        Path pcap = SharedData.pcap("opcua_getendpoints.pcap");
        var conversation = Pcap.conversation(pcap, 4840);
        requests = Pcap.frames(conversation.toServer(), UaMessages.FRAMING);
        replies = Pcap.frames(conversation.fromServer(), UaMessages.FRAMING);
    }

    @Test
    void decodesAcknowledgeOpenAndGetEndpointsReplies() {
        assertThat(UaMessages.acknowledge(replies.get(0)).receiveBuffer()).isGreaterThanOrEqualTo(8192);
        UaMessages.Channel channel = UaMessages.openResponse(replies.get(1));
        assertThat(channel.channelId()).isPositive();
        List<UaEndpoint> endpoints =
                UaMessages.endpoints(UaMessages.msgChunk(replies.get(2)).body());

        // the recorded client filtered by transport profiles the server did not match: a null endpoint array
        assertThat(endpoints).isEmpty();
        var findings = new Findings(ScanProtocol.OPCUA);
        OpcUaProbe.describe(findings, endpoints);
        assertThat(findings.confidence()).isZero();
    }

    @Test
    void ourHelloHasTheRecordedClientsLayout() {
        byte[] recorded = requests.get(0);
        byte[] ours = UaMessages.hello("opc.tcp://localhost:4840");
        assertThat(ours).hasSameSizeAs(recorded);
        // type, size, version, buffer sizes and the URL agree; only our maximum message size differs (1 MiB vs 0)
        assertThat(Arrays.copyOfRange(ours, 0, 20)).isEqualTo(Arrays.copyOfRange(recorded, 0, 20));
        assertThat(Arrays.copyOfRange(ours, 24, ours.length))
                .isEqualTo(Arrays.copyOfRange(recorded, 24, recorded.length));
    }

    @Test
    void theGuardAcceptsEveryRequestOfTheRecordedDiscoverySession() {
        var guard = FrameGuard.strict();
        assertThat(requests).extracting(r -> new String(r, 0, 3)).contains("HEL", "OPN", "MSG");
        requests.forEach(
                r -> assertThatCode(() -> guard.check(ScanProtocol.OPCUA, r)).doesNotThrowAnyException());
    }
}
