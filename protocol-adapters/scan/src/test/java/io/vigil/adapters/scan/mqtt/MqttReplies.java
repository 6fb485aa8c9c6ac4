package io.vigil.adapters.scan.mqtt;

import io.vigil.adapters.scan.Findings;
import io.vigil.adapters.scan.MalformedReplyException;
import io.vigil.adapters.scan.ScanProtocol;
import io.vigil.adapters.scan.ScanTarget;

/** Fuzz entry: the CONNACK parser and its classification, with the classification they may end in caught. */
public final class MqttReplies {
    private static final byte[] CONNECT = MqttFrames.connect("vigil-scan-00c0ffee", 10);
    private static final ScanTarget TARGET = new ScanTarget("192.0.2.1", 1883, false);

    private MqttReplies() {}

    public static void parse(byte[] reply) {
        try {
            MqttProbe.classify(new Findings(ScanProtocol.MQTT), MqttFrames.connAck(reply, CONNECT), TARGET);
        } catch (MalformedReplyException expected) {
            // not a CONNACK
        }
    }
}
