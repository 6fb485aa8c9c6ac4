package io.vigil.edge.demo;

import io.vigil.adapters.sim.PlantSimulator;
import io.vigil.core.hub.HubTotals;
import io.vigil.core.hub.RunningHub;
import io.vigil.edge.agent.AgentStats;
import io.vigil.model.pkg.ModelPackage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/**
 * What the demo tells the person running it, one method per message; every message is flushed at once, because the
 * demo's parts log to the same terminal from their own threads.
 */
final class DemoConsole {
    private final PrintWriter out;

    DemoConsole(PrintWriter out) {
        this.out = out;
    }

    /** A line of the demo's own ({@code vigil demo: ...}). */
    void line(String text) {
        println("vigil demo: " + text);
    }

    /** Where commands the demo runs print (the demo's own output). */
    PrintWriter writer() {
        return out;
    }

    void startingHub() {
        println("vigil demo: starting the hub (embedded PostgreSQL, MQTT endpoint, REST, twin)...");
    }

    void training(int tags, int window, int rows) {
        out.printf(
                "vigil demo: training the pump anomaly model (MLP autoencoder, %d tags x %d rows window) on %d rows"
                        + " of normal pump data...%n",
                tags, window, rows);
        out.flush();
    }

    void epoch(int epoch, int epochs, double loss) {
        if (epoch == epochs || epoch % 10 == 0) {
            out.printf("  epoch %d/%d  loss %.5f%n", epoch, epochs, loss);
            out.flush();
        }
    }

    void trained(ModelPackage pkg, Path modelDir, double seconds) {
        out.printf(
                "vigil demo: model %s written to %s in %.1f s (threshold %.4f)%n",
                pkg.manifest().ref(), modelDir, seconds, pkg.manifest().threshold());
    }

    /** Where everything is, and the faults the plant will inject before {@code duration} is over (10 min if none). */
    void banner(RunningHub hub, PlantSimulator plant, Instant started, Optional<Duration> duration) {
        out.println();
        out.println("  Twin:     " + hub.httpUri());
        out.println("  API:      " + hub.httpUri().resolve("api/v1/health"));
        out.println("  MQTT:     " + hub.mqttUri() + "  (Sparkplug B)");
        out.println("  Modbus:   " + plant.modbusEndpoint() + "  (pump1)");
        out.println("  OPC UA:   " + plant.opcUaEndpoint() + "  (pump2)");
        out.println("  Faults injected (wall clock, both pumps):");
        Instant horizon = duration.map(started::plus).orElse(started.plus(Duration.ofMinutes(10)));
        plant.faultIntervals().stream()
                .filter(f -> f.start().isBefore(horizon))
                .limit(12)
                .forEach(f -> out.printf(
                        "    %-16s %s .. %s  (+%ds)%n",
                        f.kind(),
                        f.start().truncatedTo(ChronoUnit.SECONDS),
                        f.end().truncatedTo(ChronoUnit.SECONDS),
                        Duration.between(started, f.start()).toSeconds()));
        out.println(duration.map(d -> "  Running for " + d.toSeconds() + " s; Ctrl-C stops early.")
                .orElse("  Running until Ctrl-C."));
        out.println();
        out.flush();
    }

    void status(Duration running, HubTotals t, AgentStats s) {
        out.printf(
                "[%4ds] samples stored %d, windows scored %d, anomalies %d | devices %d/%d up, hub %s, buffered %d%n",
                running.toSeconds(),
                t.samples(),
                t.windows(),
                t.anomalies(),
                s.devicesUp(),
                s.devices().size(),
                s.hubConnected() ? "connected" : "DISCONNECTED",
                s.buffered());
        out.flush();
    }

    void statusUnavailable(String why) {
        println("status unavailable: " + why);
    }

    void databaseStopped(String why) {
        out.println("vigil demo: the database stopped before the final count (" + why
                + "); the summary shows the last counts read");
    }

    void anomalies(int inside, List<Instant> outside) {
        out.printf(
                "anomalies: %d inside injected fault intervals (or within one window after), %d outside"
                        + " (false alarms)%s%n",
                inside, outside.size(), outside.isEmpty() ? "" : " at " + outside);
        out.flush();
    }

    void anomaliesUnavailable(String why) {
        println("anomaly report unavailable: " + why);
    }

    /** The last line of a run, after every part has stopped (and logged that it did). */
    void summary(HubTotals totals) {
        out.printf(
                "summary samples=%d windows=%d anomalies=%d%n", totals.samples(), totals.windows(), totals.anomalies());
        out.flush();
    }

    private void println(String line) {
        out.println(line);
        out.flush();
    }
}
