package io.vigil.adapters.sim;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.device.Protocol;
import io.vigil.core.tag.TagSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated pump station that real PLC drivers can read: every pump is published at once over Modbus TCP (j2mod's
 * slave) and OPC UA (Eclipse Milo's server), with the layout of {@link PumpTags}. A tick thread computes the plant time
 * from the injected clock ({@link PlantClock}), samples each pump's signal source at that time and swaps the values
 * into both servers.
 *
 * <p>The source is the synthetic {@link PumpModel} with faults on the {@link FaultSchedule#DEFAULT} schedule (every
 * pump follows it; each has its own noise seed), or a {@link CsvReplay} of a SKAB file, which pump {@code n} starts
 * {@code (n - 1) / pumps} of the way into the file. {@link #faultIntervals()} tells, in wall-clock time, when the
 * faults show: the ground truth for scoring a detector.
 *
 * <pre>{@code
 * try (var plant = PlantSimulator.start(SimulatorSettings.ephemeral(2).withSpeed(10), Clock.systemUTC())) {
 *     DeviceSpec device = plant.modbusDevice(1, Duration.ofMillis(200));
 *     FaultInterval first = plant.faultIntervals().get(0); // valve closure, 3 s to 5 s after the start
 * }
 * }</pre>
 */
public final class PlantSimulator implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PlantSimulator.class);
    private static final Duration DEFAULT_HORIZON = Duration.ofHours(1);

    private final SimulatorSettings settings;
    private final Clock clock;
    private final PlantClock plantClock;
    private final List<SignalSource> sources;
    private final RegisterImage image;
    private final ModbusPlantServer modbus;
    private final OpcUaPlantServer opcUa;
    private final ScheduledExecutorService ticker;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile List<PumpReading> last = List.of();

    private PlantSimulator(SimulatorSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.sources = sources(settings);
        this.plantClock = new PlantClock(clock.instant(), settings.speed());
        this.image = new RegisterImage(settings.pumps() * PumpTags.MODBUS_STRIDE);
        this.modbus = ModbusPlantServer.start(settings.host(), settings.modbusPort(), image);
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

    /**
     * Reads the replay file if any, binds both servers, publishes the first values and starts ticking. Fails with an
     * {@link io.vigil.core.device.DeviceException} naming the protocol and port when a server cannot listen, and with
     * an {@link IllegalArgumentException} naming the file and line for a malformed replay file.
     */
    public static PlantSimulator start(SimulatorSettings settings, Clock clock) {
        var plant = new PlantSimulator(Objects.requireNonNull(settings, "settings"), Objects.requireNonNull(clock));
        plant.tick();
        long period = settings.period().toNanos();
        plant.ticker.scheduleAtFixedRate(plant::tickSafely, period, period, TimeUnit.NANOSECONDS);
        log.info(
                "plant simulator: {} pumps from {}, Modbus TCP at {}, OPC UA at {}, tick {} ms of plant time every {}"
                        + " ms (speed {})",
                settings.pumps(),
                settings.replay().map(p -> "replay of " + p).orElse("the synthetic pump model"),
                plant.modbusEndpoint(),
                plant.opcUaEndpoint(),
                settings.tick().toMillis(),
                settings.period().toNanos() / 1e6,
                settings.speed());
        return plant;
    }

    public SimulatorSettings settings() {
        return settings;
    }

    /** The wall-clock start and the speed: converts between wall and plant time. */
    public PlantClock plantClock() {
        return plantClock;
    }

    /** {@code host:port/1}, the endpoint form {@link DeviceSpec} expects for Modbus TCP. */
    public String modbusEndpoint() {
        return settings.host() + ":" + modbus.port() + "/" + ModbusPlantServer.UNIT_ID;
    }

    public int modbusPort() {
        return modbus.port();
    }

    /** {@code opc.tcp://host:port/vigil}. */
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

    /** Pump 1's faults that start within the next hour of wall time (past ones included), in wall-clock time. */
    public List<FaultInterval> faultIntervals() {
        return faultIntervals(1, DEFAULT_HORIZON);
    }

    /**
     * Pump {@code n}'s faults, in wall-clock time, that start before {@code now + horizon}, from the simulator's start.
     * Synthetic pumps share one schedule; replaying pumps differ by their offset into the file.
     */
    public List<FaultInterval> faultIntervals(int pump, Duration horizon) {
        Duration plantHorizon = plantClock.plantTime(clock.instant().plus(horizon));
        return sources.get(checkPump(pump) - 1).faults(plantHorizon).stream()
                .map(plantClock::toWall)
                .toList();
    }

    /**
     * Forces a fault on synthetic pump {@code n} from now for {@code length} of plant time; an extra for demos, on top of
     * the schedule. Not available while replaying a file.
     */
    public void inject(int pump, FaultKind kind, Duration length) {
        if (!(sources.get(checkPump(pump) - 1) instanceof PumpModel model)) {
            throw new IllegalStateException("cannot inject a fault into " + PumpTags.asset(pump) + ": it replays "
                    + settings.replay().orElseThrow());
        }
        Duration now = plantClock.plantTime(clock.instant());
        model.inject(kind, now, length);
        log.info("plant simulator: {} shows {} for {} of plant time", PumpTags.asset(pump), kind.label(), length);
    }

    /** What pump {@code n} showed at the last tick. */
    public PumpReading reading(int pump) {
        return last.get(checkPump(pump) - 1);
    }

    /** Samples every pump at the current plant time and publishes the values; the tick thread calls this, tests may. */
    public synchronized void tick() {
        Instant now = clock.instant();
        Duration plantTime = plantClock.plantTime(now);
        var readings = new ArrayList<PumpReading>(sources.size());
        int[] registers = new int[image.size()];
        for (int i = 0; i < sources.size(); i++) {
            PumpReading reading = sources.get(i).sample(plantTime);
            readings.add(reading);
            writeModbus(i + 1, reading, registers);
            opcUa.publish(i + 1, reading, now);
        }
        image.publish(registers);
        last = List.copyOf(readings);
    }

    /** Stops ticking and closes both servers (their open connections too); idempotent, never throws. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        ticker.shutdownNow();
        modbus.close();
        opcUa.close();
        log.info("plant simulator stopped ({} and {})", modbusEndpoint(), opcUaEndpoint());
    }

    private void tickSafely() {
        try {
            tick();
        } catch (RuntimeException e) {
            log.error("plant simulator: tick failed; values are stale until the next tick", e);
        }
    }

    private static List<SignalSource> sources(SimulatorSettings settings) {
        Optional<CsvReplay> replay = settings.replay().map(CsvReplay::read);
        var sources = new ArrayList<SignalSource>(settings.pumps());
        for (int i = 0; i < settings.pumps(); i++) {
            if (replay.isPresent()) {
                sources.add(replay.get().source(replay.get().rows() * i / settings.pumps()));
            } else {
                sources.add(new PumpModel(settings.seed() + i, FaultSchedule.DEFAULT));
            }
        }
        return List.copyOf(sources);
    }

    /**
     * Lays the reading out in the pump's FLOAT32 registers. Deliberately written here rather than borrowed from the
     * Modbus driver's codec: the simulator is the driver's test peer, and a shared codec would hide a codec bug on
     * both sides at once.
     */
    private static void writeModbus(int pump, PumpReading reading, int[] registers) {
        List<TagSpec> tags = PumpTags.modbus(pump);
        double[] values = reading.toArray();
        for (int i = 0; i < values.length; i++) {
            TagSpec tag = tags.get(i);
            String[] address = tag.address().split(":");
            int offset = Integer.parseInt(address[1]);
            boolean wordSwapped = address.length > 2 && address[2].equalsIgnoreCase("cdab");
            int bits = Float.floatToIntBits((float) tag.toRaw(values[i]));
            int high = bits >>> 16;
            int low = bits & 0xFFFF;
            registers[offset] = wordSwapped ? low : high;
            registers[offset + 1] = wordSwapped ? high : low;
        }
    }

    private int checkPump(int pump) {
        if (pump < 1 || pump > sources.size()) {
            throw new IllegalArgumentException(
                    "pump " + pump + " does not exist; the plant has pumps 1-" + sources.size());
        }
        return pump;
    }
}
