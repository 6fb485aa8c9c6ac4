package io.vigil.adapters.sim;

/**
 * What the simulated instruments of one pump show at one moment, in engineering units.
 *
 * @param flow discharge flow, l/min
 * @param pressure discharge pressure, bar
 * @param current motor current, A
 * @param bearingTemp bearing temperature, degrees C
 * @param vibration bearing housing vibration velocity RMS, mm/s
 * @param running whether the motor runs
 */
public record PumpReading(
        double flow, double pressure, double current, double bearingTemp, double vibration, boolean running) {

    /** The value of a tag of {@link PumpTags} by its id. */
    public double value(String tag) {
        return switch (tag) {
            case PumpTags.FLOW -> flow;
            case PumpTags.PRESSURE -> pressure;
            case PumpTags.CURRENT -> current;
            case PumpTags.BEARING_TEMP -> bearingTemp;
            case PumpTags.VIBRATION -> vibration;
            case PumpTags.RUNNING -> running ? 1.0 : 0.0;
            default -> throw new IllegalArgumentException("pump has no tag '" + tag + "'");
        };
    }
}
