package io.vigil.edge.demo;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.UsageException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil demo}: trains the pump model, starts the hub, the plant simulator and an agent, prints the twin URL and
 * a status line every few seconds, and ends with {@code summary samples=N windows=M anomalies=K} (counts committed by
 * the hub).
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        subcommands = CandidateCommand.class,
        showDefaultValues = true,
        description = {
            "Run the whole chain on this machine: plant simulator (Modbus TCP + OPC UA) -> edge agent (ONNX anomaly"
                    + " model) -> hub (MQTT/Sparkplug B, embedded PostgreSQL) -> digital twin in the browser.",
            "Nothing needs to be installed; every part binds to 127.0.0.1."
        })
public final class DemoCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--duration",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Stop after this long (e.g. 60s, 5m) and print the summary. Default: run until Ctrl-C.")
    Duration duration;

    @Option(
            names = "--http-port",
            defaultValue = "8080",
            description = "Port of the twin, the REST API and the WebSocket.")
    int httpPort;

    @Option(
            names = "--mqtt-port",
            defaultValue = "0",
            description = "Port of the hub's MQTT endpoint (0 = any free port; the demo prints it).")
    int mqttPort;

    @Option(
            names = "--speed",
            defaultValue = "1",
            description =
                    "Plant time per wall-clock second: 2 runs the simulated pumps and their faults twice as fast.")
    double speed;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the simulated pumps and of the training.")
    long seed;

    @Option(
            names = "--data-dir",
            defaultValue = ".vigil/demo",
            description = "Working directory of the demo (model, agent.yaml, hub database). Emptied at start.")
    Path dataDir;

    @Option(
            names = "--status-every",
            defaultValue = "5s",
            converter = DurationConverter.class,
            description = "How often the status line is printed.")
    Duration statusEvery;

    @Option(
            names = "--federated",
            description = "Three pumps and three agents; once every agent holds 10 windows it scored normal, a"
                    + " federated round runs across them and its new version enters shadow (docs/FEDERATED.md).")
    boolean federated;

    @Override
    public Integer call() throws Exception {
        if (duration != null && (duration.isNegative() || duration.isZero())) {
            throw new UsageException("--duration " + duration + " must be positive");
        }
        if (!(speed > 0 && speed <= 100)) {
            throw new UsageException("--speed " + speed + " must be in (0, 100]");
        }
        if (statusEvery.toMillis() < 100) {
            throw new UsageException("--status-every " + statusEvery + " must be at least 100ms");
        }
        var options = new DemoRun.Options(
                Optional.ofNullable(duration), httpPort, mqttPort, speed, seed, dataDir, statusEvery, federated);
        return new DemoRun(options, spec.commandLine().getOut()).run();
    }
}
