package io.vigil.adapters.s7;

import java.util.regex.Pattern;

/**
 * Where an S7 PLC listens and which CPU to address: {@code host[:port][?rack=R&slot=S]}, optionally prefixed with
 * {@code s7://}. Port 102, rack 0 and slot 1 by default (S7-1200/1500; S7-300/400 CPUs usually sit in slot 2, which
 * {@code vigil scan} reports as a driver hint).
 */
public record S7Endpoint(String host, int port, int rack, int slot) {
    private static final Pattern FORM =
            Pattern.compile("(?:s7://)?([^:/?\\s]+)(?::(\\d{1,5}))?(?:\\?((?:(?:rack|slot)=\\d{1,2}&?)*))?");

    public S7Endpoint {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("S7 port " + port + " is not in 1..65535");
        }
        if (rack < 0 || rack > 7) {
            throw new IllegalArgumentException("S7 rack " + rack + " is not in 0..7");
        }
        if (slot < 0 || slot > 31) {
            throw new IllegalArgumentException("S7 slot " + slot + " is not in 0..31");
        }
    }

    public static S7Endpoint parse(String endpoint) {
        var m = FORM.matcher(endpoint.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException(
                    "'" + endpoint + "' is not an S7 endpoint (expected host[:port][?rack=0&slot=1])");
        }
        int port = m.group(2) == null ? 102 : Integer.parseInt(m.group(2));
        int rack = 0;
        int slot = 1;
        if (m.group(3) != null) {
            for (String kv : m.group(3).split("&")) {
                if (kv.startsWith("rack=")) {
                    rack = Integer.parseInt(kv.substring(5));
                } else if (kv.startsWith("slot=")) {
                    slot = Integer.parseInt(kv.substring(5));
                }
            }
        }
        return new S7Endpoint(m.group(1), port, rack, slot);
    }

    /** The PLC4X connection string. */
    public String plc4x() {
        return "s7://" + host + ":" + port + "?remote-rack=" + rack + "&remote-slot=" + slot;
    }
}
