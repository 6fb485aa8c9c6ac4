package io.vigil.adapters.sim;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A failure the simulator can develop in a pump. Each fault grows from nothing to full severity over the ramp given at
 * injection, the way real degradation creeps in, so detectors are tested on trends and not only on steps.
 */
public enum Fault {
    /** Healthy pump. */
    NONE,
    /** Worn rolling bearing: vibration and bearing temperature climb, the motor draws a little more current. */
    BEARING_WEAR,
    /** Suction pressure too low: discharge pressure and flow drop and turn noisy, vibration rises. */
    CAVITATION,
    /** Blocked discharge line: flow falls, pressure rises, the motor unloads. */
    BLOCKAGE;

    /** The spelling on the command line: {@code bearing-wear}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static Fault parse(String text) {
        String wanted = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(f -> f.configName().equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown fault '" + text + "'; expected one of "
                        + Arrays.stream(values()).map(Fault::configName).collect(Collectors.joining(", "))));
    }
}
