package io.vigil.adapters.sim;

import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.util.List;

/**
 * The tag layout the simulator publishes for pump {@code n} (numbered from 1), and the same layout as the
 * {@link TagSpec}s an agent needs to read it.
 *
 * <p>Modbus (unit id 1, holding registers, input registers mirror them; coils, discrete inputs mirror them), with
 * {@code base = (n - 1) * 100}:
 *
 * <pre>
 * tag           address             type     scale  unit
 * flow          hr:base+0           float32  1      l/min
 * pressure      hr:base+2:cdab      float32  1      bar     (word-swapped on purpose, as many meters do)
 * current       hr:base+4           float32  1      A
 * bearing_temp  hr:base+6           int16    0.1    degC
 * vibration     hr:base+7           uint16   0.01   mm/s
 * running       co:base             bool
 * </pre>
 *
 * <p>OPC UA: one Double (Boolean for {@code running}) variable per tag, NodeId {@code ns=NS;s=pumpN.TAG}, under the
 * folder {@code Objects/Plant/pumpN}.
 */
public final class PumpTags {
    public static final String FLOW = "flow";
    public static final String PRESSURE = "pressure";
    public static final String CURRENT = "current";
    public static final String BEARING_TEMP = "bearing_temp";
    public static final String VIBRATION = "vibration";
    public static final String RUNNING = "running";

    /** Registers (and coils) reserved per pump. */
    public static final int MODBUS_STRIDE = 100;

    private static final List<String> IDS = List.of(FLOW, PRESSURE, CURRENT, BEARING_TEMP, VIBRATION, RUNNING);

    private PumpTags() {}

    /** Tag ids in publication order. */
    public static List<String> ids() {
        return IDS;
    }

    /** The asset id of pump {@code n}: {@code pump1}, {@code pump2}, ... */
    public static String asset(int pump) {
        if (pump < 1) {
            throw new IllegalArgumentException("pump number " + pump + " must be 1 or more");
        }
        return "pump" + pump;
    }

    public static List<TagSpec> modbus(int pump) {
        int base = (pump - 1) * MODBUS_STRIDE;
        asset(pump);
        return List.of(
                new TagSpec(FLOW, "hr:" + base, DataType.FLOAT32, 1, 0, "l/min"),
                new TagSpec(PRESSURE, "hr:" + (base + 2) + ":cdab", DataType.FLOAT32, 1, 0, "bar"),
                new TagSpec(CURRENT, "hr:" + (base + 4), DataType.FLOAT32, 1, 0, "A"),
                new TagSpec(BEARING_TEMP, "hr:" + (base + 6), DataType.INT16, 0.1, 0, "degC"),
                new TagSpec(VIBRATION, "hr:" + (base + 7), DataType.UINT16, 0.01, 0, "mm/s"),
                new TagSpec(RUNNING, "co:" + base, DataType.BOOL, 1, 0, ""));
    }

    public static List<TagSpec> opcUa(int pump, int namespaceIndex) {
        String prefix = "ns=" + namespaceIndex + ";s=" + asset(pump) + ".";
        return List.of(
                new TagSpec(FLOW, prefix + FLOW, DataType.FLOAT64, 1, 0, "l/min"),
                new TagSpec(PRESSURE, prefix + PRESSURE, DataType.FLOAT64, 1, 0, "bar"),
                new TagSpec(CURRENT, prefix + CURRENT, DataType.FLOAT64, 1, 0, "A"),
                new TagSpec(BEARING_TEMP, prefix + BEARING_TEMP, DataType.FLOAT64, 1, 0, "degC"),
                new TagSpec(VIBRATION, prefix + VIBRATION, DataType.FLOAT64, 1, 0, "mm/s"),
                new TagSpec(RUNNING, prefix + RUNNING, DataType.BOOL, 1, 0, ""));
    }
}
