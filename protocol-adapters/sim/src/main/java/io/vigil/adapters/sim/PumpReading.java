package io.vigil.adapters.sim;

import java.util.Arrays;

/**
 * What the simulated instruments of one pump show at one moment, in engineering units; SKAB's eight signals.
 *
 * @param vibration1 accelerometer 1 RMS, g
 * @param vibration2 accelerometer 2 RMS, g
 * @param current motor current, A
 * @param pressure loop pressure after the pump, bar
 * @param motorTemp motor body temperature, degC
 * @param fluidTemp fluid temperature in the loop, degC
 * @param voltage motor voltage, V
 * @param flow circulation flow, l/min
 */
public record PumpReading(
        double vibration1,
        double vibration2,
        double current,
        double pressure,
        double motorTemp,
        double fluidTemp,
        double voltage,
        double flow) {

    public PumpReading {
        double[] all = {vibration1, vibration2, current, pressure, motorTemp, fluidTemp, voltage, flow};
        for (int i = 0; i < all.length; i++) {
            if (!Double.isFinite(all[i])) {
                throw new IllegalArgumentException(
                        "pump reading: " + PumpTags.ids().get(i) + " " + all[i] + " is not finite");
            }
        }
    }

    /** A reading from the eight values in the order of {@link PumpTags#ids()}. */
    public static PumpReading of(double[] values) {
        if (values.length != PumpTags.ids().size()) {
            throw new IllegalArgumentException(
                    "pump reading needs " + PumpTags.ids().size() + " values, got " + values.length);
        }
        return new PumpReading(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7]);
    }

    /** The eight values in the order of {@link PumpTags#ids()}. */
    public double[] toArray() {
        return new double[] {vibration1, vibration2, current, pressure, motorTemp, fluidTemp, voltage, flow};
    }

    /** The value of a tag of {@link PumpTags} by its id. */
    public double value(String tag) {
        int i = PumpTags.ids().indexOf(tag);
        if (i < 0) {
            throw new IllegalArgumentException("pump has no tag '" + tag + "'; tags are " + PumpTags.ids());
        }
        return toArray()[i];
    }

    @Override
    public String toString() {
        return "PumpReading" + Arrays.toString(toArray());
    }
}
