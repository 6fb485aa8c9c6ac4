package io.vigil.hub.labels;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vigil.core.cli.VigilCli;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.LoopbackHub;
import io.vigil.hub.TestAgent;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.testing.Await;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code vigil model train --hub --asset} against a real hub (embedded PostgreSQL) fed by a real MQTT agent: the
 * training rows leave out a window around the agent's anomaly event and the range an engineer labelled a fault through
 * the API, and the output says how many rows each reason took. Lives with the labels because it is what they are for;
 * the command is model-runtime's, which cannot depend on the hub.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class TrainingFromHistoryIT {
    @RegisterExtension
    static final LoopbackHub hub = new LoopbackHub();

    static final Instant T0 = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(20, ChronoUnit.MINUTES);
    static final int SECONDS = 400;
    static final int EVENT_AT = 50;
    static final int FAULT_FROM = 300;
    static final int FAULT_TO = 359;
    static final double FAULT_FLOW = 500;
    static TestAgent agent;

    @TempDir
    Path dir;

    /** Flow around 50 and pressure around 3, one sample a second, but flow 500 through the fault. */
    @BeforeAll
    static void agentSendsHistoryWithAFaultAndAnEvent() throws Exception {
        agent = TestAgent.connect(hub.mqttUri(), "edge-t");
        agent.nodeBirth(1);
        agent.deviceBirth(
                "pump-t",
                List.of(
                        new MetricDef("flow", "l/min"),
                        new MetricDef("pressure", "bar"),
                        new MetricDef(SparkplugCodec.ANOMALY_EVENT, "")),
                Map.of("protocol", "modbus-tcp", "device", "pump-t"));
        for (int start = 0; start < SECONDS; start += 100) {
            var samples = new ArrayList<Sample>();
            for (int s = start; s < start + 100; s++) {
                Instant t = T0.plusSeconds(s);
                boolean fault = s >= FAULT_FROM && s <= FAULT_TO;
                samples.add(Sample.good("flow", t, fault ? FAULT_FLOW : 50 + 5 * Math.sin(s / 7.0)));
                samples.add(Sample.good("pressure", t, 3 + 0.2 * Math.cos(s / 5.0)));
            }
            List<AnomalyEvent> events = start == 0
                    ? List.of(new AnomalyEvent("pump-ae@1.0.0", T0.plusSeconds(EVENT_AT), 3.0, 1.0))
                    : List.of();
            agent.publishData("pump-t", new AssetData(samples, List.of(), events));
        }
        Await.until(
                "the event stored",
                Duration.ofSeconds(30),
                () -> new JsonArray(get("/api/v1/events?asset=pump-t").body()).size() == 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
    }

    @Test
    void aLabelledFaultIsLeftOutOfTrainingAndTheOutputSaysWhy() throws Exception {
        var before = train(dir.resolve("before"));
        assertThat(before.exit).as(before.err).isZero();
        assertThat(before.out).contains("history 400 rows of [flow, pressure]");
        // a window of 5 s either side of the event at 50 s: rows 45..55
        assertThat(before.out).contains("excluded 11 rows: 11 for anomaly events;");
        ModelPackage unlabelled = ModelPackage.read(dir.resolve("before"));
        assertThat(unlabelled.manifest().scaler().mean()[0])
                .as("without the label the fault's flow is learned as normal")
                .isGreaterThan(100);

        var label = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve("/api/v1/labels"))
                                .header("content-type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"asset\":\"pump-t\",\"from\":\""
                                        + T0.plusSeconds(FAULT_FROM) + "\",\"to\":\"" + T0.plusSeconds(FAULT_TO)
                                        + "\",\"kind\":\"fault\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(label.statusCode()).as(label.body()).isEqualTo(201);

        var after = train(dir.resolve("after"));
        assertThat(after.exit).as(after.err).isZero();
        assertThat(after.out).contains("excluded 71 rows: 11 for anomaly events; 60 for fault labels;");
        // clean runs: 0..44 (45 rows), 56..299 (244), 360..399 (40): the longest is trained on
        assertThat(after.out).contains("trained on the longest clean run (244 rows); 2 other clean runs (85 rows)");
        assertThat(after.out).contains("windows 240 of 5 rows");
        ModelPackage labelled = ModelPackage.read(dir.resolve("after"));
        assertThat(labelled.manifest().scaler().mean()[0]).isBetween(45.0, 55.0);
        assertThat(labelled.manifest().inputTags()).containsExactly("flow", "pressure");
    }

    record Run(int exit, String out, String err) {}

    Run train(Path out) {
        CommandLine cli = VigilCli.commandLine();
        var o = new StringWriter();
        var e = new StringWriter();
        cli.setOut(new PrintWriter(o));
        cli.setErr(new PrintWriter(e));
        int exit = cli.execute(
                "model",
                "train",
                "--hub",
                hub.httpUri().toString(),
                "--asset",
                "pump-t",
                "--from",
                T0.toString(),
                "--to",
                T0.plusSeconds(SECONDS).toString(),
                "--step",
                "PT1S",
                "--id",
                "pump-t-ae",
                "--window",
                "5",
                "--epochs",
                "2",
                "--out",
                out.toString());
        return new Run(exit, o.toString(), e.toString());
    }

    static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(hub.httpUri().resolve(path)).build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
