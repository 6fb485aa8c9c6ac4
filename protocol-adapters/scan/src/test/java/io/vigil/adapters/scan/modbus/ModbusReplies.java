package io.vigil.adapters.scan.modbus;

import io.vigil.adapters.scan.MalformedReplyException;

/** Fuzz entry: the Modbus reply parsers, with the classification they may end in caught. */
public final class ModbusReplies {
    private static final byte[] REQUEST = DeviceIdentification.request(1, 255, DeviceIdentification.BASIC, 0);

    private ModbusReplies() {}

    public static void parse(byte[] reply) {
        try {
            if (reply.length >= DeviceIdentification.FRAMING.headerLength()) {
                DeviceIdentification.FRAMING.totalLength(reply);
            }
        } catch (MalformedReplyException expected) {
            // refused framing
        }
        try {
            var decoded = DeviceIdentification.decode(reply, REQUEST);
            if (decoded instanceof DeviceIdentification.Objects o) {
                o.values().keySet().forEach(DeviceIdentification::objectName);
            } else if (decoded instanceof DeviceIdentification.Exception e) {
                DeviceIdentification.exceptionName(e.code());
            }
        } catch (MalformedReplyException expected) {
            // not a device identification reply
        }
    }
}
