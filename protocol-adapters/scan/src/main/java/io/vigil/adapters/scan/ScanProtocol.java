package io.vigil.adapters.scan;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a target speaks, as the scan reports it ({@link #wireName()} in JSON). */
public enum ScanProtocol {
    S7COMM("s7comm"),
    S7COMM_PLUS("s7comm_plus"),
    MODBUS_TCP("modbus_tcp"),
    OPCUA("opcua"),
    ENIP("enip"),
    BACNET_IP("bacnet_ip"),
    MQTT("mqtt"),
    UNKNOWN("unknown");

    private final String wireName;

    ScanProtocol(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }
}
