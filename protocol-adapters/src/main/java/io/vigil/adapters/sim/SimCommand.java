package io.vigil.adapters.sim;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.device.DeviceException;
import io.vigil.core.tag.TagSpec;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil simulate}: runs the plant simulator in the foreground, for trying an agent without a PLC. */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Runs a simulated pump station that speaks Modbus TCP and OPC UA, until Ctrl-C.",
            "Prints the endpoints and the tag layout to configure an edge agent with."
        })
public final class SimulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--host", description = "Address to bind and advertise (default: ${DEFAULT-VALUE}).")
    String host = SimulatorSettings.DEFAULT_HOST;

    @Option(names = "--modbus-port", description = "Modbus TCP port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int modbusPort = SimulatorSettings.DEFAULT_MODBUS_PORT;

    @Option(names = "--opcua-port", description = "OPC UA port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int opcUaPort = SimulatorSettings.DEFAULT_OPCUA_PORT;

    @Option(names = "--pumps", description = "Number of pumps, 1-100 (default: ${DEFAULT-VALUE}).")
    int pumps = SimulatorSettings.DEFAULT_PUMPS;

    @Option(
            names = "--tick",
            converter = DurationConverter.class,
            description = "How often values change (default: 100ms).")
    Duration tick = SimulatorSettings.DEFAULT_TICK;

    @Option(names = "--seed", description = "Seed of the sensor noise (default: ${DEFAULT-VALUE}).")
    long seed = SimulatorSettings.DEFAULT_SEED;

    @Option(
            names = "--fault",
            description = "Fault to develop: none, bearing-wear, cavitation, blockage (default: none).")
    String fault = Fault.NONE.configName();

    @Option(names = "--fault-pump", description = "Pump that develops the fault (default: ${DEFAULT-VALUE}).")
    int faultPump = 1;

    @Option(
            names = "--fault-after",
            converter = DurationConverter.class,
            description = "When the fault starts (default: 60s).")
    Duration faultAfter = Duration.ofSeconds(60);

    @Option(
            names = "--fault-ramp",
            converter = DurationConverter.class,
            description = "How long the fault takes to reach full severity (default: 2m).")
    Duration faultRamp = Duration.ofMinutes(2);

    @Option(
            names = "--for",
            converter = DurationConverter.class,
            description = "Stop after this long (default: run until Ctrl-C).")
    Duration runFor;

    @Override
    public Integer call() throws InterruptedException {
        Fault kind = parseFault();
        try (PlantSimulator plant = start()) {
            printLayout(plant, spec.commandLine().getOut());
            var scheduler = Executors.newSingleThreadScheduledExecutor();
            try {
                if (kind != Fault.NONE) {
                    scheduler.schedule(
                            () -> plant.inject(faultPump, kind, faultRamp),
                            faultAfter.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                waitForStop();
            } finally {
                scheduler.shutdownNow();
            }
        }
        return ExitCodes.OK;
    }

    private Fault parseFault() {
        try {
            Fault kind = Fault.parse(fault);
            if (faultPump < 1 || faultPump > pumps) {
                throw new IllegalArgumentException("--fault-pump " + faultPump + " must be 1-" + pumps);
            }
            return kind;
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private PlantSimulator start() {
        SimulatorSettings settings;
        try {
            settings = new SimulatorSettings(host, modbusPort, opcUaPort, pumps, tick, seed);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try {
            return PlantSimulator.start(settings, Clock.systemUTC());
        } catch (UncheckedIOException | DeviceException e) {
            throw new UsageException(e.getMessage() + " (is another simulator running? pick other ports)");
        }
    }

    private void waitForStop() throws InterruptedException {
        var stop = new CountDownLatch(1);
        Thread hook = new Thread(stop::countDown, "simulate-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            if (runFor == null) {
                stop.await();
            } else {
                stop.await(runFor.toMillis(), TimeUnit.MILLISECONDS);
            }
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is already stopping; the hook has run
            }
        }
    }

    static void printLayout(PlantSimulator plant, PrintWriter out) {
        out.printf("Modbus TCP  %s%n", plant.modbusEndpoint());
        out.printf("OPC UA      %s%n", plant.opcUaEndpoint());
        out.printf(
                "%n%-8s %-13s %-22s %-24s %-8s %-6s %s%n", "asset", "tag", "modbus", "opcua", "type", "scale", "unit");
        for (int pump = 1; pump <= plant.settings().pumps(); pump++) {
            var modbus = PumpTags.modbus(pump);
            var opcUa = PumpTags.opcUa(pump, plant.opcUaNamespaceIndex());
            for (int i = 0; i < modbus.size(); i++) {
                TagSpec m = modbus.get(i);
                out.printf(
                        "%-8s %-13s %-22s %-24s %-8s %-6s %s%n",
                        PumpTags.asset(pump),
                        m.id(),
                        m.address(),
                        opcUa.get(i).address(),
                        m.type().name().toLowerCase(java.util.Locale.ROOT),
                        m.scale(),
                        m.unit());
            }
        }
        out.flush();
    }
}
