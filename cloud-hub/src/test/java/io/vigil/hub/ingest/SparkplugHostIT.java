package io.vigil.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import io.vigil.core.wire.MessageType;
import io.vigil.hub.Db;
import io.vigil.hub.LoopbackHub;
import io.vigil.hub.TestAgent;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A third-party edge node, its payloads built with Eclipse Tahu the way Tahu's examples build them (metric names with
 * aliases in births, aliases only in data, node metrics, historical metrics), publishing to a hub with embedded
 * PostgreSQL.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SparkplugHostIT {
    @RegisterExtension
    static final LoopbackHub hub = new LoopbackHub();

    static String db;

    @BeforeAll
    static void readDatabaseUrl() {
        db = hub.jdbcUrl();
    }

    @Test
    void resolvesAliasesStoresNodeMetricsAndAsksRebirthForAnUnknownAlias() throws Exception {
        try (var node = TestAgent.connect(hub.mqttUri(), "tahu-edge")) {
            node.subscribe("spBv1.0/vigil/NCMD/tahu-edge");
            Date t = now();
            node.publish(node.topic(MessageType.NBIRTH), nbirth(t, 3));
            node.publish(
                    "spBv1.0/vigil/DBIRTH/tahu-edge/tahu-dev",
                    payload(
                            t,
                            1,
                            new Metric.MetricBuilder("Inputs/Temperature", MetricDataType.Float, 21.5f)
                                    .alias(10L)
                                    .timestamp(t)
                                    .properties(new PropertySet.PropertySetBuilder()
                                            .addProperty(
                                                    "engUnit", new PropertyValue<>(PropertyDataType.String, "degC"))
                                            .createPropertySet())
                                    .createMetric()));
            Date t1 = new Date(t.getTime() + 1000);
            node.publish(
                    "spBv1.0/vigil/DDATA/tahu-edge/tahu-dev",
                    payload(
                            t1,
                            2,
                            new Metric.MetricBuilder(10L, MetricDataType.Float, 22.0f)
                                    .timestamp(t1)
                                    .createMetric()));
            node.publish(
                    "spBv1.0/vigil/NDATA/tahu-edge",
                    payload(
                            t1,
                            3,
                            new Metric.MetricBuilder(1L, MetricDataType.Int32, 6)
                                    .timestamp(t1)
                                    .createMetric()));
            double aliasRejects = HubIngestIT.rejectedOn(hub.hub(), "alias");

            node.publish(
                    "spBv1.0/vigil/DDATA/tahu-edge/tahu-dev",
                    payload(
                            t1,
                            4,
                            new Metric.MetricBuilder(77L, MetricDataType.Float, 1.0f)
                                    .timestamp(t1)
                                    .createMetric()));

            assertThat(samples("tahu-dev", "Inputs.Temperature")).isEqualTo(2);
            assertThat(samples("tahu-edge", "Node_Metric0")).isEqualTo(2);
            assertThat(HubIngestIT.rejectedOn(hub.hub(), "alias")).isEqualTo(aliasRejects + 1);
            var command = node.received().poll(10, TimeUnit.SECONDS);
            assertThat(command).isNotNull();
            assertThat(command.topicName()).isEqualTo("spBv1.0/vigil/NCMD/tahu-edge");
            assertThat(node.connected()).isTrue();
        }
    }

    @Test
    void storesHistoricalMetricsWithoutMakingThemTheLatestValue() throws Exception {
        try (var node = TestAgent.connect(hub.mqttUri(), "tahu-hist")) {
            Date t = now();
            node.publish(node.topic(MessageType.NBIRTH), nbirth(t, 1));
            node.publish(
                    "spBv1.0/vigil/DBIRTH/tahu-hist/hist-dev",
                    payload(
                            t,
                            1,
                            new Metric.MetricBuilder("level", MetricDataType.Double, 10.25)
                                    .alias(5L)
                                    .timestamp(t)
                                    .createMetric()));
            Date old = new Date(t.getTime() - 3_600_000);

            node.publish(
                    "spBv1.0/vigil/DDATA/tahu-hist/hist-dev",
                    payload(
                            t,
                            2,
                            new Metric.MetricBuilder(5L, MetricDataType.Double, 77.75)
                                    .timestamp(old)
                                    .isHistorical(true)
                                    .createMetric()));

            assertThat(samples("hist-dev", "level")).isEqualTo(2);
            String assets = get("/api/v1/assets");
            assertThat(assets).contains("hist-dev").contains("10.25").doesNotContain("77.75");
        }
    }

    @Test
    void ignoresAnNdeathWhoseBdSeqIsNotTheCurrentBirths() throws Exception {
        try (var node = TestAgent.connect(hub.mqttUri(), "tahu-death")) {
            Date t = now();
            node.publish(node.topic(MessageType.NBIRTH), nbirth(t, 8));
            double stale = HubIngestIT.rejectedOn(hub.hub(), "stale_death");

            node.publish(node.topic(MessageType.NDEATH), ndeath(7));

            assertThat(HubIngestIT.rejectedOn(hub.hub(), "stale_death")).isEqualTo(stale + 1);
            assertThat(status("tahu-death")).isEqualTo("online");

            node.publish(node.topic(MessageType.NDEATH), ndeath(8));

            assertThat(status("tahu-death")).isEqualTo("offline");
        }
    }

    @Test
    void sendsTheHostsOnlineStateToANodeThatSubscribesToIt() throws Exception {
        try (var node = TestAgent.connect(hub.mqttUri(), "tahu-state")) {
            node.subscribe("spBv1.0/STATE/vigil");

            var msg = node.received().poll(10, TimeUnit.SECONDS);

            assertThat(msg).isNotNull();
            assertThat(msg.topicName()).isEqualTo("spBv1.0/STATE/vigil");
            assertThat(msg.isRetain()).isTrue();
            var state = new JsonObject(msg.payload());
            assertThat(state.getBoolean("online")).isTrue();
            assertThat(state.getLong("timestamp")).isPositive();
        }
    }

    private static Date now() {
        return Date.from(Instant.now().truncatedTo(ChronoUnit.MILLIS));
    }

    private static byte[] nbirth(Date t, long bdSeq) throws Exception {
        return payload(
                t,
                0,
                new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, bdSeq).createMetric(),
                new Metric.MetricBuilder("Node Control/Rebirth", MetricDataType.Boolean, false).createMetric(),
                new Metric.MetricBuilder("Node Metric0", MetricDataType.Int32, 5)
                        .alias(1L)
                        .timestamp(t)
                        .createMetric());
    }

    private static byte[] ndeath(long bdSeq) throws Exception {
        var payload = new SparkplugBPayload.SparkplugBPayloadBuilder()
                .addMetric(new Metric.MetricBuilder("bdSeq", MetricDataType.Int64, bdSeq).createMetric())
                .createPayload();
        return new SparkplugBPayloadEncoder().getBytes(payload, false);
    }

    private static byte[] payload(Date t, long seq, Metric... metrics) throws Exception {
        var builder =
                new SparkplugBPayload.SparkplugBPayloadBuilder().setTimestamp(t).setSeq(seq);
        for (Metric m : metrics) {
            builder.addMetric(m);
        }
        return new SparkplugBPayloadEncoder().getBytes(builder.createPayload(), false);
    }

    private static long samples(String asset, String tag) {
        return Db.count(
                db,
                "SELECT count(*) FROM samples JOIN series s ON s.id = series_id WHERE s.asset = ? AND s.tag = ?",
                asset,
                tag);
    }

    private static String status(String agent) {
        return Db.string(db, "SELECT status FROM agents WHERE id = '" + agent + "'");
    }

    private static String get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(HttpRequest.newBuilder(hub.httpUri().resolve(path)).build(), HttpResponse.BodyHandlers.ofString())
                .body();
    }
}
