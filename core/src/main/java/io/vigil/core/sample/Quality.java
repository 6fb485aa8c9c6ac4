package io.vigil.core.sample;

/**
 * How far a sample can be trusted, in the spirit of OPC UA status codes. A bad read is data, not an exception: it
 * travels with the sample so the hub and the twin can show it.
 */
public enum Quality {
    GOOD(192),
    UNCERTAIN(64),
    BAD(0);

    private final int opcDaCode;

    Quality(int opcDaCode) {
        this.opcDaCode = opcDaCode;
    }

    /** The OPC DA style code carried in Sparkplug's {@code Quality} metric property (192 good, 64 uncertain, 0 bad). */
    public int code() {
        return opcDaCode;
    }

    public static Quality fromCode(int code) {
        if (code >= 192) {
            return GOOD;
        }
        return code >= 64 ? UNCERTAIN : BAD;
    }
}
