package io.vigil.core.wire;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.json.Json;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.sample.Tags;
import io.vigil.core.sample.ValueType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.tahu.message.SparkplugBPayloadDecoder;
import org.eclipse.tahu.message.SparkplugBPayloadEncoder;
import org.eclipse.tahu.message.model.Metric;
import org.eclipse.tahu.message.model.MetricDataType;
import org.eclipse.tahu.message.model.PropertyDataType;
import org.eclipse.tahu.message.model.PropertySet;
import org.eclipse.tahu.message.model.PropertyValue;
import org.eclipse.tahu.message.model.SparkplugBPayload;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Vigil's mapping onto Sparkplug B payloads, encoded and decoded with Eclipse Tahu.
 *
 * <ul>
 *   <li>a sample is a Double metric named by its tag id, with the sample time and a {@code Quality} property (192 good,
 *       64 uncertain, 0 bad); a bad sample is a null metric;
 *   <li>a text sample (a {@code string} tag) is a String metric, likewise; its BIRTH metric is a String metric too, so
 *       the hub knows the series holds text before the first value;
 *   <li>a score is a Double metric {@code vigil/score/MODEL};
 *   <li>an anomaly event is a String metric {@code vigil/event/anomaly} holding JSON;
 *   <li>BIRTH metrics carry the unit in the {@code engUnit} property; NBIRTH/NDEATH carry {@code bdSeq}.
 * </ul>
 *
 * <p>Decoding never trusts the input: a payload that is not valid protobuf, or a metric of an unexpected type, fails
 * with a {@link MalformedPayloadException} naming the metric. A text metric that no {@link Sample} may hold (longer
 * than {@link Sample#MAX_TEXT}, or holding NUL) is dropped alone and counted in {@link SparkplugMessage#rejected()}:
 * the rest of the message is good data.
 */
public final class SparkplugCodec {
    public static final String SCORE_PREFIX = "vigil/score/";
    public static final String ANOMALY_EVENT = "vigil/event/anomaly";
    public static final String META_PREFIX = "vigil/meta/";
    public static final String BD_SEQ = "bdSeq";
    public static final String REBIRTH = "Node Control/Rebirth";
    private static final String QUALITY = "Quality";
    private static final String ENG_UNIT = "engUnit";

    /** The most metrics {@link #decode(byte[], Map)} takes from one payload; the hub's limit is a setting. */
    public static final int DEFAULT_MAX_METRICS = 10_000;

    private static final ObjectMapper JSON = Json.mapper();
    private static final MetricDecoder METRICS = new MetricDecoder();
    /**
     * Datatypes Vigil does not store, counted as skipped without being converted: a template or data set nests
     * metrics and rows of its own (each of which Tahu would convert, and log when it cannot), an array or file is
     * bytes to unpack, and none of them would become a sample anyway.
     */
    private static final java.util.Set<MetricDataType> NOT_STORED = java.util.Set.of(
            MetricDataType.DataSet,
            MetricDataType.Template,
            MetricDataType.Bytes,
            MetricDataType.File,
            MetricDataType.Int8Array,
            MetricDataType.Int16Array,
            MetricDataType.Int32Array,
            MetricDataType.Int64Array,
            MetricDataType.UInt8Array,
            MetricDataType.UInt16Array,
            MetricDataType.UInt32Array,
            MetricDataType.UInt64Array,
            MetricDataType.FloatArray,
            MetricDataType.DoubleArray,
            MetricDataType.BooleanArray,
            MetricDataType.StringArray,
            MetricDataType.DateTimeArray);

    private SparkplugCodec() {}

    /** NBIRTH: the node's bdSeq and its rebirth control. */
    public static byte[] nodeBirth(Instant time, long seq, long bdSeq) {
        return encode(time, seq, List.of(bdSeqMetric(bdSeq), metric(REBIRTH, MetricDataType.Boolean, false, time)));
    }

    /** NDEATH (set as the MQTT will): only the bdSeq. */
    public static byte[] nodeDeath(long bdSeq) {
        return encode(null, -1, List.of(bdSeqMetric(bdSeq)));
    }

    /**
     * DBIRTH: every metric the asset will publish, with its unit, and the asset's descriptive metadata (for example
     * {@code protocol=modbus-tcp}, {@code device=plc-1}) as String metrics {@code vigil/meta/KEY}.
     */
    public static byte[] deviceBirth(Instant time, long seq, List<MetricDef> metrics, Map<String, String> meta) {
        var list = new ArrayList<Metric>();
        meta.forEach((k, v) -> list.add(metric(META_PREFIX + k, MetricDataType.String, v, time)));
        for (MetricDef def : metrics) {
            boolean text = def.name().equals(ANOMALY_EVENT) || def.type() == ValueType.STRING;
            var type = text ? MetricDataType.String : MetricDataType.Double;
            try {
                list.add(new Metric.MetricBuilder(def.name(), type, null)
                        .timestamp(Date.from(time))
                        .properties(new PropertySet.PropertySetBuilder()
                                .addProperty(ENG_UNIT, new PropertyValue<>(PropertyDataType.String, def.unit()))
                                .createPropertySet())
                        .createMetric());
            } catch (Exception e) {
                throw new IllegalArgumentException("metric " + def.name() + ": " + e.getMessage(), e);
            }
        }
        return encode(time, seq, list);
    }

    /** DDATA: samples, scores and events, each metric carrying its own timestamp. */
    public static byte[] deviceData(Instant time, long seq, AssetData data) {
        // Built with Tahu's generated protobuf classes rather than its model layer: the model encoder renders every
        // payload to a String for a debug log whether or not that log is on, about a tenth of an agent's encoding CPU.
        // The bytes are the same (SparkplugCodecTest compares them with Tahu's encoder).
        var payload = Payload.newBuilder().setTimestamp(time.toEpochMilli());
        if (seq >= 0) {
            payload.setSeq(seq);
        }
        for (Sample s : data.samples()) {
            var metric = Payload.Metric.newBuilder()
                    .setName(s.tag())
                    .setTimestamp(s.time().toEpochMilli())
                    .setDatatype(s.isText() ? DataType.String_VALUE : DataType.Double_VALUE)
                    .setProperties(qualityProperty(s.quality()));
            if (s.quality() == Quality.BAD) {
                metric.setIsNull(true);
            } else if (s.isText()) {
                metric.setIsNull(false).setStringValue(s.text());
            } else {
                metric.setIsNull(false).setDoubleValue(s.value());
            }
            payload.addMetrics(metric);
        }
        for (Score s : data.scores()) {
            payload.addMetrics(Payload.Metric.newBuilder()
                    .setName(SCORE_PREFIX + s.model())
                    .setTimestamp(s.time().toEpochMilli())
                    .setDatatype(DataType.Double_VALUE)
                    .setIsNull(false)
                    .setDoubleValue(s.value()));
        }
        for (AnomalyEvent e : data.events()) {
            try {
                payload.addMetrics(Payload.Metric.newBuilder()
                        .setName(ANOMALY_EVENT)
                        .setTimestamp(e.time().toEpochMilli())
                        .setDatatype(DataType.String_VALUE)
                        .setIsNull(false)
                        .setStringValue(JSON.writeValueAsString(e)));
            } catch (JsonProcessingException ex) {
                throw new IllegalStateException(ex);
            }
        }
        return payload.build().toByteArray();
    }

    private static Payload.PropertySet qualityProperty(Quality quality) {
        return Payload.PropertySet.newBuilder()
                .addKeys(QUALITY)
                .addValues(Payload.PropertyValue.newBuilder()
                        .setType(DataType.Int32_VALUE)
                        .setIntValue(quality.code()))
                .build();
    }

    /** A rebirth request (NCMD) the host sends when it missed a birth or saw a sequence gap. */
    public static byte[] rebirthCommand(Instant time) {
        return encode(time, -1, List.of(metric(REBIRTH, MetricDataType.Boolean, true, time)));
    }

    /** Decodes a payload whose metrics all carry names. Unknown metric names on data messages become samples. */
    public static SparkplugMessage decode(byte[] bytes) {
        return decode(bytes, Map.of());
    }

    /** As {@link #decode(byte[], Map, int)} with at most {@link #DEFAULT_MAX_METRICS} metrics. */
    public static SparkplugMessage decode(byte[] bytes, Map<Long, String> aliases) {
        return decode(bytes, aliases, DEFAULT_MAX_METRICS);
    }

    /**
     * Decodes any Sparkplug B payload. A metric without a name is resolved through {@code aliases} (the ones its node's
     * or device's BIRTH defined) and fails with {@link UnknownAliasException} when the alias is not there; metrics that
     * carry both a name and an alias (BIRTH) are returned in {@link SparkplugMessage#aliases()}. Metrics flagged
     * {@code is_historical} go to {@link SparkplugMessage#historical()}; values Vigil does not store (data sets,
     * templates, bytes, files) are counted in {@link SparkplugMessage#skipped()}; metrics of no known datatype and
     * text metrics no sample may hold in {@link SparkplugMessage#rejected()}.
     *
     * @param maxMetrics the most metrics the payload may carry; more fails with {@link TooManyMetricsException} before
     *     a single metric is converted
     */
    public static SparkplugMessage decode(byte[] bytes, Map<Long, String> aliases, int maxMetrics) {
        Payload payload = parse(bytes);
        if (payload.getMetricsCount() > maxMetrics) {
            throw new TooManyMetricsException(payload.getMetricsCount(), maxMetrics);
        }
        Instant time = payload.hasTimestamp() ? Instant.ofEpochMilli(payload.getTimestamp()) : Instant.EPOCH;
        long seq = payload.hasSeq() ? payload.getSeq() : -1;
        var parts = new Parts();
        for (Payload.Metric proto : payload.getMetricsList()) {
            // Checked here rather than left to Tahu: for a datatype it does not know, Tahu logs the whole metric as a
            // multi-line ERROR and hands back null (issue 21: a million such metrics were two million log lines and
            // an NPE). Such a metric is one rejected metric, counted, the rest of the message kept.
            MetricDataType type = MetricDataType.fromInteger(proto.getDatatype());
            if (NOT_STORED.contains(type)) {
                parts.skipped++;
                continue;
            }
            Metric m = type == MetricDataType.Unknown ? null : convert(proto);
            if (m == null) {
                parts.rejected++;
                continue;
            }
            String name = name(m, aliases, parts.aliases);
            Instant at = m.getTimestamp() == null ? time : m.getTimestamp().toInstant();
            try {
                parts.add(name, m, at);
            } catch (MalformedPayloadException e) {
                throw e;
            } catch (Exception e) {
                throw new MalformedPayloadException("metric '" + name + "': " + e.getMessage());
            }
        }
        return parts.message(time, seq);
    }

    private static Payload parse(byte[] bytes) {
        try {
            return Payload.parseFrom(bytes);
        } catch (Exception e) {
            throw new MalformedPayloadException("not a Sparkplug B payload (" + bytes.length + " bytes): "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    private static Metric convert(Payload.Metric proto) {
        try {
            return METRICS.convert(proto);
        } catch (Exception e) {
            String which = proto.hasName() ? "'" + proto.getName() + "'" : "with alias " + proto.getAlias();
            throw new MalformedPayloadException("metric " + which + ": "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** Tahu's per-metric conversion, reached without its payload loop (which parses the bytes a second time). */
    private static final class MetricDecoder extends SparkplugBPayloadDecoder {
        Metric convert(Payload.Metric proto) throws Exception {
            return convertMetric(proto, null, null);
        }
    }

    private static String name(Metric m, Map<Long, String> known, Map<Long, String> defined) {
        String name = m.getName();
        Long alias = m.getAlias();
        if (name != null) {
            if (alias != null) {
                defined.put(alias, name);
            }
            return name;
        }
        if (alias == null) {
            throw new MalformedPayloadException("a metric has neither a name nor an alias");
        }
        String resolved = known.get(alias);
        if (resolved == null) {
            throw new UnknownAliasException(alias);
        }
        return resolved;
    }

    /** What the metrics of one payload add up to. */
    private static final class Parts {
        final List<MetricDef> births = new ArrayList<>();
        final Map<String, String> meta = new TreeMap<>();
        final Map<Long, String> aliases = new HashMap<>();
        final Lists live = new Lists();
        final Lists historical = new Lists();
        long bdSeq = -1;
        int skipped;
        int rejected;

        void add(String name, Metric m, Instant at) throws Exception {
            Lists to = Boolean.TRUE.equals(m.getIsHistorical()) ? historical : live;
            if (name.equals(BD_SEQ)) {
                bdSeq = ((Number) m.getValue()).longValue();
            } else if (name.equals(REBIRTH)) {
                return;
            } else if (name.startsWith(META_PREFIX)) {
                meta.put(name.substring(META_PREFIX.length()), String.valueOf(m.getValue()));
            } else if (m.getValue() == null && unit(m) != null) {
                births.add(new MetricDef(name, unit(m), isText(m) ? ValueType.STRING : ValueType.DOUBLE));
            } else if (name.equals(ANOMALY_EVENT)) {
                to.events.add(JSON.readValue((String) m.getValue(), AnomalyEvent.class));
            } else if (name.startsWith(SCORE_PREFIX)) {
                to.scores.add(new Score(name.substring(SCORE_PREFIX.length()), at, number(m)));
            } else if (m.getValue() == null) {
                to.samples.add(isText(m) ? Sample.badText(tagId(name), at) : Sample.bad(tagId(name), at));
            } else if (m.getValue() instanceof Number || m.getValue() instanceof Boolean) {
                to.samples.add(new Sample(tagId(name), at, number(m), quality(m)));
            } else if (m.getValue() instanceof String text && isText(m)) {
                addText(to, tagId(name), at, text, quality(m));
            } else {
                skipped++;
            }
        }

        /** A text sample, or one more rejected metric when no sample may hold the text (too long, NUL). */
        void addText(Lists to, String tag, Instant at, String text, Quality quality) {
            try {
                to.samples.add(Sample.text(tag, at, text, quality));
            } catch (IllegalArgumentException e) {
                rejected++;
            }
        }

        SparkplugMessage message(Instant time, long seq) {
            return new SparkplugMessage(
                    time, seq, births, meta, live.data(), bdSeq, aliases, historical.data(), skipped, rejected);
        }
    }

    private static final class Lists {
        final List<Sample> samples = new ArrayList<>();
        final List<Score> scores = new ArrayList<>();
        final List<AnomalyEvent> events = new ArrayList<>();

        AssetData data() {
            return new AssetData(samples, scores, events);
        }
    }

    /**
     * The tag id a metric name is stored under: Vigil's own names unchanged; other tools' names (Tahu's
     * {@code Inputs/Temperature}, {@code Node Metric0}) with {@code /} turned into {@code .} and any other character a
     * tag id cannot hold into {@code _}, cut to 64 characters.
     */
    public static String tagId(String metricName) {
        if (Tags.isValidId(metricName)) {
            return metricName;
        }
        var id = new StringBuilder(Math.min(64, metricName.length()));
        for (int i = 0; i < metricName.length() && id.length() < 64; i++) {
            char c = metricName.charAt(i);
            boolean ok = c < 128 && (Character.isLetterOrDigit(c) || c == '_' || c == '.' || c == '-');
            id.append(ok ? c : c == '/' ? '.' : '_');
        }
        if (id.isEmpty() || !Character.isLetterOrDigit(id.charAt(0))) {
            id.insert(0, 'm');
            id.setLength(Math.min(64, id.length()));
        }
        return id.toString();
    }

    private static double number(Metric m) {
        if (m.getValue() instanceof Number n) {
            return n.doubleValue();
        }
        if (m.getValue() instanceof Boolean b) {
            return b ? 1.0 : 0.0;
        }
        throw new MalformedPayloadException(
                "metric '" + m.getName() + "' has a " + m.getDataType() + " value, expected a number");
    }

    private static boolean isText(Metric m) {
        return m.getDataType() == MetricDataType.String || m.getDataType() == MetricDataType.Text;
    }

    private static Quality quality(Metric m) {
        PropertySet props = m.getProperties();
        if (props == null || props.getPropertyValue(QUALITY) == null) {
            return Quality.GOOD;
        }
        return Quality.fromCode(((Number) props.getPropertyValue(QUALITY).getValue()).intValue());
    }

    private static String unit(Metric m) {
        PropertySet props = m.getProperties();
        if (props == null || props.getPropertyValue(ENG_UNIT) == null) {
            return null;
        }
        return String.valueOf(props.getPropertyValue(ENG_UNIT).getValue());
    }

    private static Metric bdSeqMetric(long bdSeq) {
        return metric(BD_SEQ, MetricDataType.Int64, bdSeq, null);
    }

    private static Metric metric(String name, MetricDataType type, Object value, Instant time) {
        try {
            var builder = new Metric.MetricBuilder(name, type, value);
            if (time != null) {
                builder.timestamp(Date.from(time));
            }
            return builder.createMetric();
        } catch (Exception e) {
            throw new IllegalArgumentException("metric " + name + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(Instant time, long seq, List<Metric> metrics) {
        var builder = new SparkplugBPayload.SparkplugBPayloadBuilder().addMetrics(metrics);
        if (time != null) {
            builder.setTimestamp(Date.from(time));
        }
        if (seq >= 0) {
            builder.setSeq(seq);
        }
        try {
            return new SparkplugBPayloadEncoder().getBytes(builder.createPayload(), false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encode Sparkplug payload: " + e.getMessage(), e);
        }
    }
}
