package io.vigil.adapters.sim;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.device.DeviceException;
import io.vigil.core.tag.TagSpec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil sim}: runs the plant simulator in the foreground, for trying an agent without a PLC. Prints what an
 * operator needs to configure an agent (endpoints, tag layout) and when the faults will show, then runs until Ctrl-C
 * or {@code --duration}.
 */
@Command(
        name = "sim",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Runs a simulated pump station that speaks Modbus TCP (j2mod slave) and OPC UA (Milo server), each pump"
                    + " publishing SKAB's eight signals.",
            "The synthetic pumps develop a valve closure, cavitation and rotor imbalance on a fixed schedule (first at"
                    + " 30 s of plant time); --replay plays a SKAB CSV instead.",
            "Prints the endpoints, the tag layout and the fault schedule, then runs until Ctrl-C or --duration."
        })
public final class SimCommand implements Callable<Integer> {
    private static final int SCHEDULE_LINES = 6;
    private static final long STOP_GRACE_S = 5;

    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Address both servers bind and advertise.")
    String host = SimulatorSettings.DEFAULT_HOST;

    @Option(names = "--modbus-port", description = "Modbus TCP port, 0 for any free one.")
    int modbusPort = SimulatorSettings.DEFAULT_MODBUS_PORT;

    @Option(names = "--opcua-port", description = "OPC UA port, 0 for any free one.")
    int opcUaPort = SimulatorSettings.DEFAULT_OPCUA_PORT;

    @Option(names = "--pumps", description = "Number of pumps (assets pump1, pump2, ...), 1-100.")
    int pumps = SimulatorSettings.DEFAULT_PUMPS;

    @Option(names = "--speed", description = "Plant seconds per wall second, above 0 and at most 1000.")
    double speed = SimulatorSettings.DEFAULT_SPEED;

    @Option(names = "--seed", description = "Seed of the synthetic pumps' noise; the same seed replays the same run.")
    long seed = SimulatorSettings.DEFAULT_SEED;

    @Option(
            names = "--tick",
            converter = DurationConverter.class,
            defaultValue = "500ms",
            description = "Plant time between two value updates (10ms-60s); the wall period is tick / speed.")
    Duration tick;

    @Option(
            names = "--replay",
            paramLabel = "FILE.csv",
            defaultValue = "none",
            description = "SKAB-format CSV (';', header, 1 row per second) to replay on every pump, looping; 'none'"
                    + " runs the synthetic pump model.")
    String replay;

    @Option(
            names = "--duration",
            defaultValue = "until Ctrl-C",
            description = "Stop after this much wall time, e.g. 90s or 10m.")
    String duration;

    @Override
    public Integer call() throws InterruptedException {
        SimulatorSettings settings = settings();
        Optional<Duration> runFor = runFor();
        var closed = new CountDownLatch(1);
        try (PlantSimulator plant = start(settings)) {
            printBanner(plant, spec.commandLine().getOut());
            waitForStop(runFor, closed);
        } finally {
            closed.countDown();
        }
        return ExitCodes.OK;
    }

    private SimulatorSettings settings() {
        try {
            Optional<Path> file = replay.equals("none") ? Optional.empty() : Optional.of(Path.of(replay));
            return new SimulatorSettings(host, modbusPort, opcUaPort, pumps, tick, seed, speed, file);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private Optional<Duration> runFor() {
        if (duration.equals("until Ctrl-C")) {
            return Optional.empty();
        }
        try {
            return Optional.of(DurationConverter.parse(duration));
        } catch (RuntimeException e) {
            throw new UsageException("--duration: " + e.getMessage());
        }
    }

    private static PlantSimulator start(SimulatorSettings settings) {
        try {
            return PlantSimulator.start(settings, Clock.systemUTC());
        } catch (DeviceException e) {
            throw new UsageException(e.getMessage() + " (is another simulator running? pick other ports)");
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new UsageException("--replay: " + e.getMessage());
        }
    }

    /** Waits for the duration or Ctrl-C; on Ctrl-C the hook waits until the servers are closed. */
    private static void waitForStop(Optional<Duration> runFor, CountDownLatch closed) throws InterruptedException {
        var stop = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stop.countDown();
                    awaitQuietly(closed);
                },
                "sim-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (runFor.isPresent()) {
                stop.await(runFor.get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                stop.await();
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping; the hook runs and waits for the close
            }
        }
    }

    private static void awaitQuietly(CountDownLatch closed) {
        try {
            closed.await(STOP_GRACE_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void printBanner(PlantSimulator plant, PrintWriter out) {
        SimulatorSettings s = plant.settings();
        out.printf(
                "Vigil plant simulator: %d pumps, %s, speed %sx, tick %d ms (every %.1f ms wall)%n",
                s.pumps(),
                s.replay().map(p -> "replaying " + p).orElse("synthetic pump model, seed " + s.seed()),
                s.speed(),
                s.tick().toMillis(),
                s.period().toNanos() / 1e6);
        out.printf(
                "Modbus TCP  %s   (unit 1, holding registers; input registers mirror them)%n", plant.modbusEndpoint());
        out.printf("OPC UA      %s   (namespace index %d)%n", plant.opcUaEndpoint(), plant.opcUaNamespaceIndex());
        printLayout(plant, out);
        printSchedule(plant, out);
        out.flush();
    }

    private static void printLayout(PlantSimulator plant, PrintWriter out) {
        out.printf("%nTags of pumpN (Modbus registers + %d * (N - 1)):%n", PumpTags.MODBUS_STRIDE);
        out.printf("  %-11s %-6s %-8s %-15s %s%n", "tag", "unit", "type", "modbus", "opcua");
        List<TagSpec> modbus = PumpTags.modbus(1);
        for (int i = 0; i < modbus.size(); i++) {
            TagSpec tag = modbus.get(i);
            out.printf(
                    "  %-11s %-6s %-8s %-15s ns=%d;s=pumpN.%s%n",
                    tag.id(), tag.unit(), "float32", tag.address(), plant.opcUaNamespaceIndex(), tag.id());
        }
    }

    private static void printSchedule(PlantSimulator plant, PrintWriter out) {
        List<FaultInterval> faults = plant.faultIntervals();
        String whose = plant.settings().replay().isPresent() ? "pump1, from the file's anomaly column" : "every pump";
        out.printf("%nFault schedule (wall clock, UTC; %s):%n", whose);
        if (faults.isEmpty()) {
            out.println("  none within the next hour");
        }
        faults.stream()
                .limit(SCHEDULE_LINES)
                .forEach(f -> out.printf(
                        "  %-16s %s -> %s%n",
                        f.kind().label(),
                        f.start().truncatedTo(ChronoUnit.MILLIS),
                        f.end().truncatedTo(ChronoUnit.MILLIS)));
        if (faults.size() > SCHEDULE_LINES) {
            out.printf("  ... %d more within the next hour%n", faults.size() - SCHEDULE_LINES);
        }
    }
}
