package io.vigil.adapters.scan;

import io.vigil.core.tag.TagSpec;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the {@code devices} of an agent configuration for what a scan found, in the agent's YAML format (see the
 * docs/CONFIG.md, "Agent configuration"), so the file is valid and reads live values at once: an OPC UA server gets the
 * numeric variables its address space lists (browsed by the caller), or the server state when it could not be
 * browsed; a Modbus device holding register 0; an S7 PLC {@code DB1.DBW0:INT} at the rack and slot the scan found.
 * Commented examples show the tags an operator adds. EtherNet/IP and BACnet/IP devices and MQTT brokers are written as
 * comments only (no driver for them yet; a broker is a place to send data, not a device).
 */
public final class AgentConfigDraft {
    private AgentConfigDraft() {}

    public static String yaml(List<ScanResult> results, Instant at) {
        return yaml(results, at, Map.of());
    }

    /**
     * @param browsed the tags browsed from OPC UA servers, by target ({@code host:port}); targets missing here get the
     *     server-state probe tag
     */
    public static String yaml(List<ScanResult> results, Instant at, Map<String, List<TagSpec>> browsed) {
        var sb = new StringBuilder();
        sb.append("# Agent configuration drafted by `vigil scan` at ")
                .append(at)
                .append('\n');
        sb.append(
                "# One device per target recognized, reading the tags found (or one probe tag). Add yours, then set hub.mqtt.\n");
        sb.append("hub:\n  mqtt: tcp://127.0.0.1:1883\n");
        sb.append("devices:\n");
        int written = 0;
        var identifiedOnly = new StringBuilder();
        for (ScanResult r : results) {
            switch (r.protocol()) {
                case MODBUS_TCP -> modbus(sb, r);
                case OPCUA -> opcua(sb, r, browsed.getOrDefault(r.target(), List.of()));
                case S7COMM, S7COMM_PLUS -> s7(sb, r);
                case ENIP, BACNET_IP, MQTT -> {
                    identifiedOnly(identifiedOnly, r);
                    continue;
                }
                default -> {
                    continue;
                }
            }
            written++;
        }
        if (written == 0) {
            sb.append("  []   # no Modbus TCP, OPC UA or S7 device was recognized; the agent needs at least one\n");
        }
        return sb.append(identifiedOnly).toString();
    }

    private static void modbus(StringBuilder sb, ScanResult r) {
        Object unit = r.driverHints().getOrDefault("unit_id", 1);
        comment(sb, r);
        sb.append("  - id: ").append(id("modbus", r)).append('\n');
        sb.append("    asset: ").append(id("asset", r)).append('\n');
        sb.append("    protocol: modbus-tcp\n");
        sb.append("    endpoint: \"")
                .append(r.target())
                .append('/')
                .append(unit)
                .append("\"\n");
        sb.append("    interval: 1s\n");
        sb.append("    tags:\n");
        sb.append("      - { id: hr0, address: \"hr:0\", type: uint16 }   # probe tag: holding register 0\n");
        sb.append("      # - { id: flow, address: \"hr:14\", type: float32, unit: \"l/min\" }\n");
    }

    private static void opcua(StringBuilder sb, ScanResult r, List<TagSpec> tags) {
        comment(sb, r);
        Object rec = r.driverHints().get("recommended_endpoint");
        if (rec instanceof Map<?, ?> m) {
            sb.append("  # recommended endpoint: ")
                    .append(m.get("url"))
                    .append(' ')
                    .append(m.get("security_policy"))
                    .append('/')
                    .append(m.get("security_mode"))
                    .append('\n');
        }
        sb.append("  - id: ").append(id("opcua", r)).append('\n');
        sb.append("    asset: ").append(id("asset", r)).append('\n');
        sb.append("    protocol: opcua\n");
        sb.append("    endpoint: \"").append(opcUaEndpoint(r)).append("\"\n");
        sb.append("    interval: 1s\n");
        sb.append("    tags:\n");
        for (TagSpec t : tags) {
            sb.append("      - { id: \"")
                    .append(t.id())
                    .append("\", address: \"")
                    .append(t.address().replace("\"", "\\\""))
                    .append("\", type: ")
                    .append(t.type().name().toLowerCase(Locale.ROOT))
                    .append(" }\n");
        }
        if (tags.isEmpty()) {
            sb.append(
                    "      - { id: server_state, address: \"ns=0;i=2259\" }   # probe tag: Server/ServerStatus/State\n");
        }
        sb.append("      # - { id: flow, address: \"ns=2;s=pump1.flow\", unit: \"l/min\" }   (vigil browse lists"
                + " them)\n");
    }

    private static void s7(StringBuilder sb, ScanResult r) {
        comment(sb, r);
        sb.append("  # driver hints: PDU ")
                .append(r.driverHints().get("pdu_size"))
                .append(", PUT/GET ")
                .append(r.driverHints().get("put_get"))
                .append('\n');
        sb.append("  - id: ").append(id("s7", r)).append('\n');
        sb.append("    asset: ").append(id("asset", r)).append('\n');
        sb.append("    protocol: s7\n");
        sb.append("    endpoint: \"s7://")
                .append(r.target())
                .append("?rack=")
                .append(r.driverHints().getOrDefault("rack", 0))
                .append("&slot=")
                .append(r.driverHints().getOrDefault("slot", 1))
                .append("\"\n");
        sb.append("    interval: 1s\n");
        sb.append("    tags:\n");
        sb.append("      - { id: db1_w0, address: \"DB1.DBW0:INT\" }   # probe tag: first word of DB1\n");
        sb.append("      # - { id: temp, address: \"DB1.DBD0:REAL\", unit: \"degC\" }\n");
    }

    /**
     * EtherNet/IP and BACnet/IP devices, and MQTT brokers, as comments only: the agent has no driver for the first two
     * yet, and a broker is not a device. Writing them as devices would make a configuration the agent rejects.
     */
    private static void identifiedOnly(StringBuilder sb, ScanResult r) {
        comment(
                sb,
                r,
                List.of(
                        "vendor",
                        "product_name",
                        "model_name",
                        "revision",
                        "firmware_revision",
                        "device_instance",
                        "connack_return_code"));
        switch (r.protocol()) {
            case MQTT ->
                sb.append("  # an MQTT broker, not a device: to send the agent's data to it, set hub.mqtt: tcp://")
                        .append(r.target())
                        .append(
                                r.driverHints().get("anonymous_allowed") == Boolean.TRUE
                                        ? " (it accepts anonymous clients)\n"
                                        : " (it wants credentials)\n");
            case ENIP ->
                sb.append("  # Vigil has no EtherNet/IP driver yet: this device is identified, not read.\n")
                        .append("  # - { id: ")
                        .append(id("enip", r))
                        .append(", protocol: enip, endpoint: \"")
                        .append(r.target())
                        .append("\" }   # not supported yet\n");
            default ->
                sb.append("  # Vigil has no BACnet/IP driver yet: this device is identified, not read.\n")
                        .append("  # - { id: ")
                        .append(id("bacnet", r))
                        .append(", protocol: bacnet-ip, endpoint: \"")
                        .append(r.target())
                        .append("\", device_instance: ")
                        .append(r.driverHints().get("device_instance"))
                        .append(" }   # not supported yet\n");
        }
    }

    private static void comment(StringBuilder sb, ScanResult r) {
        comment(sb, r, List.of("vendor", "product_code", "revision", "application_uri", "order_number", "firmware"));
    }

    /** One comment line: the target, its protocol and confidence, and the identity values among {@code keys}. */
    private static void comment(StringBuilder sb, ScanResult r, List<String> keys) {
        sb.append("  # ")
                .append(r.target())
                .append(": ")
                .append(r.protocol().wireName())
                .append(", confidence ")
                .append(r.confidence());
        for (String k : keys) {
            String v = r.identityValue(k);
            if (!v.isEmpty()) {
                sb.append(", ").append(k).append(' ').append(v.replaceAll("[\\r\\n#]", " "));
            }
        }
        sb.append('\n');
    }

    /** The endpoint the agent connects to: the server's own path at the address the scan reached. */
    static String opcUaEndpoint(ScanResult r) {
        String path = "";
        Object rec = r.driverHints().get("recommended_endpoint");
        Object url = rec instanceof Map<?, ?> m ? m.get("url") : r.driverHints().get("endpoint_url");
        if (url != null) {
            try {
                String p = URI.create(url.toString()).getRawPath();
                path = p == null ? "" : p;
            } catch (IllegalArgumentException e) {
                path = "";
            }
        }
        return "opc.tcp://" + r.target() + path;
    }

    private static String id(String prefix, ScanResult r) {
        return (prefix + "-" + r.target()).replaceAll("[^A-Za-z0-9_.\\-]", "-");
    }
}
