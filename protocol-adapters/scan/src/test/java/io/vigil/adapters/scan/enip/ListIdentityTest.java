package io.vigil.adapters.scan.enip;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.Hex;
import io.vigil.adapters.scan.IdentityField;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.UnsafeFrameException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden frames written from the EtherNet/IP specification's byte layouts (encapsulation header, CIP Identity item):
 * no capture of a real device is available here, so these are the reference.
 */
@Timeout(10)
class ListIdentityTest {
    private static final String REPLY = EnipGolden.REPLY;

    @Test
    void theRequestIsABareEncapsulationHeader() {
        assertThat(Hex.of(ListIdentity.request()))
                .isEqualTo("6300" + "0000" + "00000000" + "00000000" + "766967696c73636e" + "00000000");
    }

    @Test
    void decodesTheCipIdentityItem() {
        var reply = ListIdentity.decode(Hex.parse(REPLY), ListIdentity.request());
        assertThat(reply.status()).isZero();
        var id = reply.identities().get(0);
        assertThat(id.vendorId()).isEqualTo(1);
        assertThat(id.deviceType()).isEqualTo(0x0E);
        assertThat(id.productCode()).isEqualTo(54);
        assertThat(id.revisionMajor()).isEqualTo(20);
        assertThat(id.revisionMinor()).isEqualTo(11);
        assertThat(id.status()).isEqualTo(0x3060);
        assertThat(id.serial()).isEqualTo(0x11223344L);
        assertThat(id.productName()).isEqualTo("1756-L61/B LOGIX5561");
        assertThat(id.state()).isEqualTo(3);
        assertThat(id.socketAddress()).isEqualTo("192.168.1.10:44818");
    }

    @Test
    void classifiesItWithVendorNameAndFullConfidence() {
        var findings = new Findings(ScanProtocol.ENIP);
        EnipProbe.classify(findings, ListIdentity.decode(Hex.parse(REPLY), ListIdentity.request()));
        assertThat(findings.confidence()).isEqualTo(1.0);
        assertThat(findings.identity("vendor")).isEqualTo(IdentityField.derived("Rockwell Automation/Allen-Bradley"));
        assertThat(findings.identity("revision").value()).isEqualTo("20.011");
        assertThat(findings.identity("device_type").value()).isEqualTo("0x0e (Programmable Logic Controller)");
        assertThat(findings.identity("serial").value()).isEqualTo("0x11223344");
    }

    @Test
    void anEncapsulationErrorIsStillEtherNetIp() {
        String refused = "6300" + "0000" + "00000000" + "01000000" + "766967696c73636e" + "00000000";
        var reply = ListIdentity.decode(Hex.parse(refused), ListIdentity.request());
        assertThat(reply.status()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "6300",
                "65000400000000000000000000000000000000000000000001000000", // RegisterSession reply
                "6300ffff0000000000000000766967696c73636e00000000", // length outside 0..1024
                "630002000000000000000000766967696c73636e000000000000", // no identity item
                "6300000000000000000000007468656972736e7400000000", // someone else's context
                "630004000000000000000000766967696c73636e0000000001000c00", // item cut short
            })
    void refusesWhatIsNotAListIdentityReply(String hex) {
        assertThatThrownBy(() -> ListIdentity.decode(Hex.parse(hex), ListIdentity.request()))
                .isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void anEchoedRequestIsNotAReply() {
        assertThatThrownBy(() -> ListIdentity.decode(ListIdentity.request(), ListIdentity.request()))
                .hasMessageContaining("echoes");
    }

    @Test
    void theGuardLetsListIdentityThroughOnly() {
        var guard = FrameGuard.strict();
        assertThatCode(() -> guard.check(ScanProtocol.ENIP, ListIdentity.request()))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // RegisterSession
                "650004000000000000000000766967696c73636e0000000001000000",
                // SendRRData carrying CIP Reset (service 0x05) to the identity object
                "6f001600010000000000000000000000000000000000000000000000000002000000000000b20006000502200124010000",
                // SendUnitData
                "70000000010000000000000000000000000000000000000000000000",
                // ListIdentity with a session handle
                "630000000100000000000000766967696c73636e00000000",
                // ListIdentity with trailing data
                "630000000000000000000000766967696c73636e0000000000",
                // ListServices (harmless, but not what the scanner sends)
                "040000000000000000000000766967696c73636e00000000",
            })
    void theGuardRefusesSessionsCipServicesAndAnythingElse(String hex) {
        assertThatThrownBy(() -> FrameGuard.strict().check(ScanProtocol.ENIP, Hex.parse(hex)))
                .isInstanceOf(UnsafeFrameException.class);
    }
}
