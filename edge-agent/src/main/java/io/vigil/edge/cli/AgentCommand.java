package io.vigil.edge.cli;

import io.vigil.core.cli.UsageException;
import io.vigil.edge.agent.Agent;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.config.ConfigException;
import io.vigil.edge.config.ModelConfig;
import io.vigil.edge.score.OnnxWindowModel;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil agent}: runs the edge agent until SIGTERM or Ctrl-C, printing a status line every 10 s. A bad config
 * file or model is a usage error (exit 2) reported as one line with the file, line and key.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description =
                "Run the edge agent: read devices, score windows with ONNX models, forward Sparkplug B to the hub.")
public final class AgentCommand implements Callable<Integer> {
    private static final long STATUS_EVERY_MS = 10_000;

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            defaultValue = "agent.yaml",
            description = "The agent config file (YAML); model paths in it are relative to its directory.")
    Path config;

    @Option(
            names = "--check",
            defaultValue = "false",
            description = "Validate the config file and load its models, print a summary, and exit (0 ok, 2 bad).")
    boolean check;

    @Override
    public Integer call() throws Exception {
        AgentConfig cfg = read();
        Path dir = config.toAbsolutePath().getParent();
        PrintWriter out = spec.commandLine().getOut();
        if (check) {
            checkModels(cfg, dir);
            printSummary(cfg, out);
            return 0;
        }
        Agent agent;
        try {
            agent = Agent.start(cfg, dir, Clock.systemUTC());
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
        runUntilStopped(agent, out);
        return 0;
    }

    private AgentConfig read() {
        try {
            return AgentConfig.read(config);
        } catch (ConfigException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static void checkModels(AgentConfig cfg, Path dir) {
        for (ModelConfig m : cfg.models()) {
            try (var model = OnnxWindowModel.load(m.resolve(dir), 1)) {
                model.manifest();
            } catch (RuntimeException e) {
                throw new UsageException("model " + m.resolve(dir) + " cannot be loaded: " + e.getMessage());
            }
        }
    }

    private void printSummary(AgentConfig cfg, PrintWriter out) {
        out.printf(
                "%s: ok — agent %s/%s, hub %s (publish every %s, buffer %d items)%n",
                config,
                cfg.agent().group(),
                cfg.agent().id(),
                cfg.hub().mqtt(),
                cfg.hub().publishInterval(),
                cfg.hub().bufferSamples());
        cfg.devices()
                .forEach(d -> out.printf(
                        "  device %s: asset %s, %s %s every %s, %d tags%n",
                        d.id(),
                        d.asset(),
                        d.protocol().configName(),
                        d.endpoint(),
                        d.interval(),
                        d.tags().size()));
        cfg.models()
                .forEach(m -> out.printf(
                        "  model %s: window %d rows, stride %d, threshold %s, assets %s%n",
                        m.manifest().ref(),
                        m.manifest().windowLength(),
                        m.manifest().stride(),
                        m.manifest().threshold(),
                        m.assets()));
        out.flush();
    }

    private static void runUntilStopped(Agent agent, PrintWriter out) throws InterruptedException {
        var stopped = new CountDownLatch(1);
        var done = new CountDownLatch(1);
        Thread hook = new Thread(
                () -> {
                    stopped.countDown();
                    try {
                        done.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "vigil-agent-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            while (!stopped.await(STATUS_EVERY_MS, TimeUnit.MILLISECONDS)) {
                out.println(agent.stats().statusLine());
                out.flush();
            }
        } finally {
            agent.close();
            done.countDown();
        }
    }
}
