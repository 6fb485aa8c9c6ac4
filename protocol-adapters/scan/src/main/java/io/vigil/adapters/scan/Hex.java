package io.vigil.adapters.scan;

import java.util.HexFormat;

/** Lower-case hex for the frames a scan reports. */
public final class Hex {
    private static final HexFormat FORMAT = HexFormat.of();

    private Hex() {}

    public static String of(byte[] bytes) {
        return FORMAT.formatHex(bytes);
    }

    public static byte[] parse(String hex) {
        return FORMAT.parseHex(hex.replace(" ", ""));
    }
}
