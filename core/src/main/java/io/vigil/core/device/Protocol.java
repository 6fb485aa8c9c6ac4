package io.vigil.core.device;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The protocols an edge agent can read. The config spelling is {@link #configName()}. */
public enum Protocol {
    MODBUS_TCP("modbus-tcp"),
    OPC_UA("opcua"),
    S7("s7");

    private final String configName;

    Protocol(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    public static Protocol parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(p -> p.configName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown protocol '" + text + "'; expected one of "
                        + Arrays.stream(values()).map(Protocol::configName).collect(Collectors.joining(", "))));
    }
}
