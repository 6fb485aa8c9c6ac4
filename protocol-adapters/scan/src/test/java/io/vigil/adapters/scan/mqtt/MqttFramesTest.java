package io.vigil.adapters.scan.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.FrameGuard;
import io.vigil.adapters.scan.Hex;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;
import io.vigil.adapters.scan.UnsafeFrameException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Golden frames from the MQTT 3.1.1 specification's byte layouts (sections 3.1, 3.2, 3.14), and the guard on them. */
@Timeout(10)
class MqttFramesTest {
    private static final byte[] CONNECT = MqttFrames.connect("vigil-scan-00c0ffee", 10);

    @Test
    void encodesAConnectWithACleanSessionAndNothingElse() {
        assertThat(Hex.of(CONNECT))
                .isEqualTo(
                        "101f" // CONNECT, remaining length 31
                                + "00044d515454" // "MQTT"
                                + "04" // protocol level 4: 3.1.1
                                + "02" // flags: clean session only
                                + "000a" // keep alive 10 s
                                + "0013"
                                + Hex.of("vigil-scan-00c0ffee".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void decodesConnAckReturnCodes() {
        assertThat(MqttFrames.connAck(Hex.parse("20020000"), CONNECT).accepted())
                .isTrue();
        assertThat(MqttFrames.connAck(Hex.parse("20020005"), CONNECT).meaning()).isEqualTo("not authorized");
        assertThat(MqttFrames.connAck(Hex.parse("20020004"), CONNECT).meaning()).isEqualTo("bad user name or password");
        assertThat(MqttFrames.connAck(Hex.parse("20020101"), CONNECT).sessionPresent())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "200200", "2003000000", "20020200", "30020000", "485454502f312e31"})
    void refusesWhatIsNotAConnAck(String hex) {
        assertThatThrownBy(() -> MqttFrames.connAck(Hex.parse(hex), CONNECT))
                .isInstanceOf(MalformedReplyException.class);
    }

    @Test
    void anEchoedConnectIsNotAConnAck() {
        assertThatThrownBy(() -> MqttFrames.connAck(CONNECT.clone(), CONNECT))
                .isInstanceOf(MalformedReplyException.class)
                .hasMessageContaining("echoes");
    }

    @Test
    void anAcceptedAnonymousConnectionIsASafetyFlag() {
        var findings = new Findings(ScanProtocol.MQTT);
        MqttProbe.classify(findings, new MqttFrames.ConnAck(false, 0), new ScanTarget("10.0.0.5", 1883, false));
        assertThat(findings.confidence()).isEqualTo(1.0);
        assertThat(findings.identity("connack_return_code").value()).isEqualTo("0 (connection accepted)");
    }

    @Test
    void theGuardLetsOurConnectAndDisconnectThrough() {
        var guard = FrameGuard.strict();
        assertThatCode(() -> guard.check(ScanProtocol.MQTT, CONNECT)).doesNotThrowAnyException();
        assertThatCode(() -> guard.check(ScanProtocol.MQTT, MqttFrames.DISCONNECT))
                .doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "8206000100012300", // SUBSCRIBE "#" QoS 0
                "3008000161" + "68656c6c6f", // PUBLISH "a" "hello"
                "3208000161000168690a", // PUBLISH QoS 1
                "c000", // PINGREQ
                "101100044d515454040e000a0001610001620001", // CONNECT with a will (flags 0x0e)
                "101600044d51545404c2000a000161000176000173", // CONNECT with user name and password
                "100f00064d514973647003020000000161", // MQTT 3.1 CONNECT (MQIsdp)
                "101000044d515454040200000001610000", // CONNECT with trailing bytes
                "e00100", // DISCONNECT with a body
            })
    void theGuardRefusesSubscribePublishAndConnectsThatCarryMore(String hex) {
        assertThatThrownBy(() -> FrameGuard.strict().check(ScanProtocol.MQTT, Hex.parse(hex)))
                .isInstanceOf(UnsafeFrameException.class);
    }
}
