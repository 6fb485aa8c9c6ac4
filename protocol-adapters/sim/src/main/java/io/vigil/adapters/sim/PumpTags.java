package io.vigil.adapters.sim;

import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.util.ArrayList;
import java.util.List;

/**
 * The tag layout the simulator publishes for pump {@code n} (numbered from 1), and the same layout as the
 * {@link TagSpec}s an agent needs to read it. The eight signals are SKAB's, in SKAB's column order, so a model trained
 * on SKAB files reads the simulator without a mapping.
 *
 * <p>Modbus (unit id 1): signal {@code i} is a FLOAT32 at holding register {@code base + 2 * i} with
 * {@code base = (n - 1) * 100}; input registers mirror the holding registers. Pressure is stored word-swapped
 * ({@code :cdab}) on purpose, as many meters do, so every agent run exercises the word-order code.
 *
 * <pre>
 * i  tag         SKAB column            unit   Modbus
 * 0  vibration1  Accelerometer1RMS      g      hr:base+0
 * 1  vibration2  Accelerometer2RMS      g      hr:base+2
 * 2  current     Current                A      hr:base+4
 * 3  pressure    Pressure               bar    hr:base+6:cdab
 * 4  motor_temp  Temperature            degC   hr:base+8
 * 5  fluid_temp  Thermocouple           degC   hr:base+10
 * 6  voltage     Voltage                V      hr:base+12
 * 7  flow        Volume Flow RateRMS    l/min  hr:base+14
 * </pre>
 *
 * <p>OPC UA: one Double variable per tag, NodeId {@code ns=NS;s=pumpN.TAG}, under the folder
 * {@code Objects/Plant/pumpN}.
 */
public final class PumpTags {
    public static final String VIBRATION1 = "vibration1";
    public static final String VIBRATION2 = "vibration2";
    public static final String CURRENT = "current";
    public static final String PRESSURE = "pressure";
    public static final String MOTOR_TEMP = "motor_temp";
    public static final String FLUID_TEMP = "fluid_temp";
    public static final String VOLTAGE = "voltage";
    public static final String FLOW = "flow";

    /** Registers reserved per pump. */
    public static final int MODBUS_STRIDE = 100;

    private static final List<String> IDS =
            List.of(VIBRATION1, VIBRATION2, CURRENT, PRESSURE, MOTOR_TEMP, FLUID_TEMP, VOLTAGE, FLOW);
    private static final List<String> UNITS = List.of("g", "g", "A", "bar", "degC", "degC", "V", "l/min");
    private static final List<String> SKAB_COLUMNS = List.of(
            "Accelerometer1RMS",
            "Accelerometer2RMS",
            "Current",
            "Pressure",
            "Temperature",
            "Thermocouple",
            "Voltage",
            "Volume Flow RateRMS");
    private static final int CDAB_SIGNAL = 3;

    private PumpTags() {}

    /** Tag ids in publication order (SKAB's column order). */
    public static List<String> ids() {
        return IDS;
    }

    /** The engineering units, in the order of {@link #ids()}. */
    public static List<String> units() {
        return UNITS;
    }

    /** The SKAB CSV column of each signal, in the order of {@link #ids()}. */
    public static List<String> skabColumns() {
        return SKAB_COLUMNS;
    }

    /** The asset id of pump {@code n}: {@code pump1}, {@code pump2}, ... */
    public static String asset(int pump) {
        if (pump < 1) {
            throw new IllegalArgumentException("pump number " + pump + " must be 1 or more");
        }
        return "pump" + pump;
    }

    /** The Modbus address of signal {@code i} of pump {@code n}, e.g. {@code hr:106:cdab}. */
    public static String modbusAddress(int pump, int signal) {
        int register = (pump - 1) * MODBUS_STRIDE + 2 * signal;
        return "hr:" + register + (signal == CDAB_SIGNAL ? ":cdab" : "");
    }

    public static List<TagSpec> modbus(int pump) {
        asset(pump);
        var tags = new ArrayList<TagSpec>(IDS.size());
        for (int i = 0; i < IDS.size(); i++) {
            tags.add(new TagSpec(IDS.get(i), modbusAddress(pump, i), DataType.FLOAT32, 1, 0, UNITS.get(i)));
        }
        return List.copyOf(tags);
    }

    public static List<TagSpec> opcUa(int pump, int namespaceIndex) {
        String prefix = "ns=" + namespaceIndex + ";s=" + asset(pump) + ".";
        var tags = new ArrayList<TagSpec>(IDS.size());
        for (int i = 0; i < IDS.size(); i++) {
            tags.add(new TagSpec(IDS.get(i), prefix + IDS.get(i), DataType.FLOAT64, 1, 0, UNITS.get(i)));
        }
        return List.copyOf(tags);
    }
}
