package io.vigil.adapters.sim;

import io.vigil.adapters.modbus.ModbusAddress;
import io.vigil.adapters.modbus.RegisterCodec;
import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated pump station that real PLC drivers can read: every pump is published at once over Modbus TCP and OPC
 * UA, with the layout of {@link PumpTags}. A tick thread samples each {@link PumpModel} at the injected clock's time
 * and swaps the new values into both servers. Faults can be injected while it runs, which is what the demo uses to
 * make the anomaly detector fire.
 *
 * <pre>{@code
 * try (var plant = PlantSimulator.start(SimulatorSettings.ephemeral(2), Clock.systemUTC())) {
 *     DeviceSpec device = plant.modbusDevice(1, Duration.ofMillis(200));
 *     plant.inject(1, Fault.BEARING_WEAR, Duration.ofMinutes(2));
 * }
 * }</pre>
 */
public final class PlantSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlantSimulator.class);

    private final SimulatorSettings settings;
    private final Clock clock;
    private final List<PumpModel> pumps = new ArrayList<>();
    private final RegisterImage image;
    private final ModbusTcpServer modbus;
    private final OpcUaPlantServer opcUa;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<PumpReading> last = List.of();

    private PlantSimulator(SimulatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        Instant now = clock.instant();
        for (int i = 0; i < settings.pumps(); i++) {
            pumps.add(new PumpModel(settings.seed() + i, now));
        }
        int size = settings.pumps() * PumpTags.MODBUS_STRIDE;
        this.image = new RegisterImage(size, size);
        this.modbus = new ModbusTcpServer(settings.host(), settings.modbusPort(), image);
        try {
            this.opcUa = OpcUaPlantServer.start(settings.host(), settings.opcUaPort(), settings.pumps());
        } catch (RuntimeException e) {
            modbus.close();
            throw e;
        }
        this.ticker = Executors.newSingleThreadScheduledExecutor(runnable -> {
            var thread = new Thread(runnable, "sim-tick");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Binds both servers, publishes the first values and starts ticking; fails with a message naming the port. */
    public static PlantSimulator start(SimulatorSettings settings, Clock clock) {
        var plant = new PlantSimulator(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock));
        plant.tick();
        long period = settings.tick().toMillis();
        plant.ticker.scheduleAtFixedRate(plant::tickSafely, period, period, TimeUnit.MILLISECONDS);
        log.info(
                "plant simulator: {} pumps, Modbus TCP at {}, OPC UA at {}, tick {} ms",
                settings.pumps(),
                plant.modbusEndpoint(),
                plant.opcUaEndpoint(),
                period);
        return plant;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** {@code host:port/1}, the endpoint form {@link DeviceSpec} expects for Modbus TCP. */
    public String modbusEndpoint() {
        return settings.host() + ":" + modbus.port() + "/1";
    }

    public int modbusPort() {
        return modbus.port();
    }

    public String opcUaEndpoint() {
        return opcUa.endpointUrl();
    }

    public int opcUaNamespaceIndex() {
        return opcUa.namespaceIndex();
    }

    /** A device reading pump {@code n} over Modbus TCP, id {@code pumpN-modbus}. */
    public DeviceSpec modbusDevice(int pump, Duration interval) {
        return new DeviceSpec(
                PumpTags.asset(checkPump(pump)) + "-modbus",
                PumpTags.asset(pump),
                Protocol.MODBUS_TCP,
                modbusEndpoint(),
                interval,
                PumpTags.modbus(pump));
    }

    /** A device reading pump {@code n} over OPC UA, id {@code pumpN-opcua}. */
    public DeviceSpec opcUaDevice(int pump, Duration interval) {
        return new DeviceSpec(
                PumpTags.asset(checkPump(pump)) + "-opcua",
                PumpTags.asset(pump),
                Protocol.OPC_UA,
                opcUaEndpoint(),
                interval,
                PumpTags.opcUa(pump, opcUaNamespaceIndex()));
    }

    /** Starts a fault in pump {@code n}; it reaches full severity after {@code ramp}. {@link Fault#NONE} heals it. */
    public void inject(int pump, Fault fault, Duration ramp) {
        pumps.get(checkPump(pump) - 1).inject(fault, clock.instant(), ramp);
        log.info("plant simulator: {} now develops {} over {}", PumpTags.asset(pump), fault.configName(), ramp);
    }

    /** What pump {@code n} showed at the last tick. */
    public PumpReading reading(int pump) {
        return last.get(checkPump(pump) - 1);
    }

    /** Samples every pump and publishes the values; the tick thread calls this, tests may too. */
    public synchronized void tick() {
        Instant now = clock.instant();
        var readings = new ArrayList<PumpReading>(pumps.size());
        int[] registers = new int[image.registerCount()];
        boolean[] bits = new boolean[image.bitCount()];
        for (int i = 0; i < pumps.size(); i++) {
            PumpReading reading = pumps.get(i).sample(now);
            readings.add(reading);
            writeModbus(i + 1, reading, registers, bits);
            opcUa.publish(i + 1, reading, now);
        }
        image.publish(registers, bits);
        last = List.copyOf(readings);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticker.shutdownNow();
        modbus.close();
        opcUa.close();
        log.info("plant simulator stopped");
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("plant simulator: tick failed; values are stale until the next tick", e);
        }
    }

    private static void writeModbus(int pump, PumpReading reading, int[] registers, boolean[] bits) {
        for (TagSpec tag : PumpTags.modbus(pump)) {
            ModbusAddress address = ModbusAddress.of(tag);
            double value = reading.value(tag.id());
            if (address.table().isBits()) {
                bits[address.offset()] = value != 0.0;
            } else {
                int[] words = RegisterCodec.encode(tag.type(), address.order(), tag.toRaw(value));
                System.arraycopy(words, 0, registers, address.offset(), words.length);
            }
        }
    }

    private int checkPump(int pump) {
        if (pump < 1 || pump > pumps.size()) {
            throw new IllegalArgumentException(
                    "pump " + pump + " does not exist; the plant has pumps 1-" + pumps.size());
        }
        return pump;
    }
}
