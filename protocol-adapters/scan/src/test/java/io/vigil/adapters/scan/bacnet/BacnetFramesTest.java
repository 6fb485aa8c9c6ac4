package io.vigil.adapters.scan.bacnet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.Hex;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.UnsafeFrameException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** BACnet/IP golden frames (see {@link BacnetGolden}) through the encoder, the decoder and the guard. */
@Timeout(10)
class BacnetFramesTest {
    @Test
    void encodesAConfirmedReadPropertyOfTheWildcardDevice() {
        assertThat(Hex.of(BacnetFrames.readProperty(1, BacnetFrames.WILDCARD_INSTANCE, 75)))
                .isEqualTo(
                        "810a0011" // BVLC Original-Unicast-NPDU, 17 bytes
                                + "0104" // NPDU version 1, expecting reply
                                + "0005010c" // confirmed request, unsegmented, max APDU 1476, invoke id 1, ReadProperty
                                + "0c023fffff" // [0] device 4194303
                                + "194b"); // [1] object-identifier
    }

    @Test
    void decodesTheObjectIdentifierAck() {
        var ack = (BacnetFrames.Ack) BacnetFrames.decode(Hex.parse(BacnetGolden.ACK_OBJECT_IDENTIFIER), 1);
        assertThat(ack.objectType()).isEqualTo(8);
        assertThat(ack.instance()).isEqualTo(260001);
        assertThat(ack.property()).isEqualTo(75);
        assertThat(ack.values()).containsExactly(new BacnetFrames.Value(12, "8:260001"));
        assertThat(BacnetFrames.decode(Hex.parse(BacnetGolden.ROUTED_ACK), 1)).isEqualTo(ack);
    }

    @Test
    void decodesACharacterStringAndAnError() {
        var vendor = (BacnetFrames.Ack) BacnetFrames.decode(Hex.parse(BacnetGolden.ACK_VENDOR_NAME), 2);
        assertThat(vendor.values()).containsExactly(new BacnetFrames.Value(7, "Vigil Test Controls"));
        var error = (BacnetFrames.Error) BacnetFrames.decode(Hex.parse(BacnetGolden.ERROR_UNKNOWN_PROPERTY), 3);
        assertThat(BacnetFrames.errorName(error.errorClass(), error.errorCode()))
                .isEqualTo("property/unknown-property");
        assertThat(BacnetFrames.decode(Hex.parse("810a0009" + "0100" + "600409"), 4))
                .isEqualTo(new BacnetFrames.Reject(4, 9));
        assertThat(BacnetFrames.decode(Hex.parse("810a0009" + "0100" + "710504"), 5))
                .isEqualTo(new BacnetFrames.Abort(5, 4));
    }

    @Test
    void theFirstReplyMakesADeviceWhoseIdentityIsReadFurther() {
        var findings = new Findings(ScanProtocol.BACNET_IP);
        boolean further =
                BacnetProbe.identified(findings, BacnetFrames.decode(Hex.parse(BacnetGolden.ACK_OBJECT_IDENTIFIER), 1));
        assertThat(further).isTrue();
        assertThat(findings.identity("device_instance").value()).isEqualTo("260001");
        assertThat(findings.confidence()).isEqualTo(0.8);
    }

    /** Found by the fuzz run: a character string "8:..." passed for a device object identifier. */
    @Test
    void aCharacterStringThatLooksLikeAnObjectIdentifierIsNotADevice() {
        // ComplexACK of object-identifier whose value is the character string "8:gil"
        var ack = BacnetFrames.decode(
                Hex.parse(
                        "810a001a" + "0100" + "30010c" + "0c0203f7a1" + "194b" + "3e" + "7506" + "00383a67696c" + "3f"),
                1);
        var findings = new Findings(ScanProtocol.BACNET_IP);
        assertThat(BacnetProbe.identified(findings, ack)).isFalse();
        assertThat(findings.identity("device_instance")).isNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "810a00", // cut in the BVLC
                "810a0018010030010c0c0203f7a1194b3ec40203f7a13f", // BVLC length lies
                "820a0017010030010c0c0203f7a1194b3ec40203f7a13f", // not BACnet/IP
                "810a0017010030020c0c0203f7a1194b3ec40203f7a13f", // someone else's invoke id
                "810a0017010038010c0c0203f7a1194b3ec40203f7a13f", // segmented
                "810a0016010030010c0c0203f7a1194b3ec40203f7a1", // no closing tag
                "810a001101040005010c0c023fffff194b", // our request echoed
                "810a0007018000", // network layer message
                "810a000a010020010c", // SimpleACK
                "810a0006000000", // BVLC-Result is not an NPDU
                "810a000e010030010c0c0203f7a1194b", // value missing
                "810a000e0100300c0c0c0203f7", // object identifier cut
            })
    void refusesWhatIsNotAReplyToOurRead(String hex) {
        assertThatThrownBy(() -> BacnetFrames.decode(Hex.parse(hex), 1)).isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void theGuardLetsReadPropertyAndReadPropertyMultipleThrough() {
        var guard = FrameGuard.strict();
        assertThatCode(() -> guard.check(ScanProtocol.BACNET_IP, BacnetFrames.readProperty(7, 260001, 77)))
                .doesNotThrowAnyException();
        // ReadPropertyMultiple: device 260001, vendor-name and model-name
        assertThatCode(() -> guard.check(
                        ScanProtocol.BACNET_IP,
                        Hex.parse("810a0015" + "0104" + "0005080e" + "0c0203f7a1" + "1e" + "0979" + "0946" + "1f")))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                // WriteProperty (15): present-value of analog-value 1 := 0.0 at priority 8
                "810a001c" + "0104" + "0005010f" + "0c00800001" + "1955" + "3e" + "4400000000" + "3f" + "4908",
                // DeviceCommunicationControl (17): disable
                "810a000e" + "0104" + "00050111" + "0901" + "1901",
                // ReinitializeDevice (20): coldstart
                "810a000c" + "0104" + "00050114" + "0900",
                // AtomicWriteFile (7)
                "810a000f" + "0104" + "00050107" + "c402800000",
                // Who-Is (unconfirmed, broadcast by nature)
                "810b0008" + "0120" + "1008",
                // ReadProperty, segmented request
                "810a0011" + "0104" + "0805010c" + "0c023fffff" + "194b",
                // ReadProperty routed to network 5
                "810a0017" + "0124000501" + "2aff" + "0005010c" + "0c023fffff" + "194b",
                // network layer message (Who-Is-Router-To-Network)
                "810a0007" + "0180" + "00",
                // ReadProperty with a trailing WriteProperty body
                "810a0014" + "0104" + "0005010c" + "0c023fffff" + "194b" + "3e213f",
                // BVLC Register-Foreign-Device
                "810500060e10",
            })
    void theGuardRefusesWritesDeviceControlAndEverythingElse(String hex) {
        assertThatThrownBy(() -> FrameGuard.strict().check(ScanProtocol.BACNET_IP, Hex.parse(hex)))
                .isInstanceOf(UnsafeFrameException.class);
    }

    @Test
    void encodesOneReadPropertyMultipleForTheDeviceObjectThatTheGuardAllows() {
        byte[] frame = BacnetFrames.readPropertyMultiple(3, 260001, List.of(77, 121));
        assertThat(Hex.of(frame)).isEqualTo("810a001501040005030e0c0203f7a11e094d09791f");
        assertThatCode(() -> FrameGuard.strict().check(ScanProtocol.BACNET_IP, frame))
                .doesNotThrowAnyException();
    }

    @Test
    void decodesAReadPropertyMultipleAckWithAValueAndAPropertyError() {
        var reply = BacnetFrames.decodeMultiple(
                Hex.parse("810a0020010030030e0c0203f7a11e294d4e730041424f29795e910291205f1f"), 3);

        assertThat(reply).isInstanceOf(BacnetFrames.MultiAck.class);
        var results = ((BacnetFrames.MultiAck) reply).results();
        assertThat(results.get(77))
                .isEqualTo(new BacnetFrames.Ack(3, 8, 260001, 77, List.of(new BacnetFrames.Value(7, "AB"))));
        assertThat(results.get(121)).isEqualTo(new BacnetFrames.Error(3, 2, 32));
    }

    @Test
    void readsTheReadPropertyMultipleBitOfProtocolServicesSupported() {
        // first byte: unused bits; ReadProperty (bit 12) and ReadPropertyMultiple (bit 14) are in the third
        assertThat(BacnetFrames.bitSet("tag8:00000a00", 14)).isTrue();
        assertThat(BacnetFrames.bitSet("tag8:00000800", 14)).isFalse();
        assertThat(BacnetFrames.bitSet("tag8:0000", 14)).isFalse();
        assertThat(BacnetFrames.bitSet("2:12", 14)).isFalse();
    }
}
