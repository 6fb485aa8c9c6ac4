package io.vigil.hub.ingest;

import io.vigil.core.log.LogSafe;
import io.vigil.core.wire.MalformedPayloadException;
import io.vigil.core.wire.MessageType;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.core.wire.SparkplugMessage;
import io.vigil.core.wire.SparkplugTopic;
import io.vigil.core.wire.TooManyMetricsException;
import io.vigil.core.wire.UnknownAliasException;
import io.vigil.hub.store.write.Change;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of Sparkplug B as a host application, shared by the embedded MQTT endpoint and the external-broker
 * subscriber: turns a topic and payload into the {@link Change} to commit, keeping per edge node what later messages
 * are checked against.
 *
 * <ul>
 *   <li><b>Aliases.</b> An NBIRTH defines the node's metric aliases and forgets those of its devices; a DBIRTH defines
 *       its device's. NDATA/DDATA may carry aliases only; an alias no birth defined rejects the message (reason
 *       {@code alias}) and asks the node to rebirth.
 *   <li><b>bdSeq.</b> An NDEATH whose bdSeq is not the one of the node's current NBIRTH is an old session's will and is
 *       ignored (reason {@code stale_death}), as the specification requires. Without an NBIRTH seen since the hub
 *       started, the database's bd_seq decides.
 *   <li><b>Sequence numbers.</b> Checked by {@link SequenceTracker} when this instance sees all of a node's messages;
 *       a gap or data from an unknown node asks for a rebirth. With a shared subscription each hub sees part of a
 *       node's data, so gaps mean nothing and are not checked.
 *   <li><b>NDATA</b> and the metrics of an NBIRTH are stored under a pseudo-asset named after the edge node.
 *   <li><b>is_historical</b> metrics become a {@link Change.History}: stored, not pushed as current values.
 *   <li><b>Text</b> metrics no sample may hold (too long, NUL) are dropped alone and counted in
 *       {@code vigil_ingest_metrics_rejected_total}; the message's other metrics are stored.
 * </ul>
 *
 * <p>Rebirth requests are throttled per node ({@link SequenceTracker#REBIRTH_INTERVAL}) and sent by the caller, who
 * knows how to reach the node (its MQTT connection, or the broker).
 */
final class SparkplugHost {
    private static final Logger log = LoggerFactory.getLogger(SparkplugHost.class);

    /** The topic of an accepted message and what to commit for it ({@code change} null: nothing to write). */
    record Result(SparkplugTopic topic, Change change) {}

    private final IngestMetrics metrics;
    private final TimeGuard timeGuard;
    private final SequenceTracker sequences;
    private final boolean checkSequence;
    private final PayloadLimits limits;
    private final SeriesBudget series;
    private final Map<String, NodeState> nodes = new ConcurrentHashMap<>();

    SparkplugHost(Clock clock, IngestMetrics metrics, boolean checkSequence) {
        this(clock, metrics, checkSequence, PayloadLimits.DEFAULT);
    }

    SparkplugHost(Clock clock, IngestMetrics metrics, boolean checkSequence, PayloadLimits limits) {
        this.metrics = metrics;
        this.limits = limits;
        this.series = new SeriesBudget(limits.seriesPerNode());
        this.timeGuard = new TimeGuard(clock);
        this.sequences = new SequenceTracker(clock);
        this.checkSequence = checkSequence;
    }

    /**
     * Interprets one message; throws {@link Rejection} when it cannot be used.
     *
     * @param client who sent it, for log lines
     * @param rebirth sends a rebirth request (NCMD) to the node of the given topic; called at most once per interval
     */
    Result interpret(String topicName, byte[] payload, String client, Consumer<SparkplugTopic> rebirth) {
        return interpret(topicName, payload, client, null, rebirth);
    }

    /**
     * As {@link #interpret(String, byte[], String, Consumer)}, naming the connection the message came on (any object
     * with identity; null when connections cannot be told apart), so sequence numbers are compared within the
     * connection of the node's current NBIRTH only.
     */
    Result interpret(
            String topicName, byte[] payload, String client, Object connection, Consumer<SparkplugTopic> rebirth) {
        if (topicName.startsWith(SparkplugTopic.NAMESPACE + "/STATE/")) {
            return new Result(null, null);
        }
        SparkplugTopic topic;
        try {
            topic = SparkplugTopic.parse(topicName);
        } catch (IllegalArgumentException e) {
            throw new Rejection("topic", e.getMessage());
        }
        return switch (topic.type()) {
            case NCMD, DCMD, STATE -> new Result(topic, null);
            default ->
                new Result(topic, interpret(topic, decode(topic, payload, rebirth), client, connection, rebirth));
        };
    }

    /** The node's connection closed without an NDEATH (embedded endpoint): forget its sequence and aliases. */
    void nodeGone(String node) {
        sequences.death(node);
        nodes.remove(node);
    }

    static String nodeKey(SparkplugTopic t) {
        return t.group() + "/" + t.edgeNode();
    }

    private SparkplugMessage decode(SparkplugTopic t, byte[] payload, Consumer<SparkplugTopic> rebirth) {
        SparkplugMessage m;
        try {
            m = SparkplugCodec.decode(payload, aliases(t), limits.metricsPerMessage());
        } catch (UnknownAliasException e) {
            askRebirth(t, rebirth, "unknown metric alias " + e.alias());
            throw new Rejection("alias", e.getMessage());
        } catch (TooManyMetricsException e) {
            throw new Rejection("too_many_metrics", e.getMessage() + " (--max-metrics-per-message)");
        } catch (MalformedPayloadException e) {
            throw new Rejection("malformed", e.getMessage());
        }
        if (m.rejected() > 0) {
            metrics.metricsRejected(m.rejected());
            log.debug(
                    "{}: {} metrics dropped (unknown datatype, or text too long or holding NUL), the rest kept",
                    t,
                    m.rejected());
        }
        timeGuard.check(m).ifPresent(why -> {
            throw new Rejection("timestamp", why);
        });
        if (t.type() != MessageType.NDEATH && t.type() != MessageType.DDEATH) {
            series.admit(nodeKey(t), t.device().orElse(t.edgeNode()), m);
        }
        return m;
    }

    private Map<Long, String> aliases(SparkplugTopic t) {
        NodeState n = nodes.get(nodeKey(t));
        if (n == null || t.type() == MessageType.NBIRTH || t.type() == MessageType.DBIRTH) {
            return Map.of();
        }
        return t.device().map(d -> n.devices.getOrDefault(d, Map.of())).orElse(n.aliases);
    }

    private Change interpret(
            SparkplugTopic t, SparkplugMessage m, String client, Object connection, Consumer<SparkplugTopic> rebirth) {
        String node = nodeKey(t);
        String agent = t.edgeNode();
        switch (t.type()) {
            case NBIRTH -> {
                sequences.birth(node, m.seq(), connection);
                nodes.put(node, new NodeState(m.bdSeq(), m.aliases()));
                Change birth = new Change.NodeBirth(t.group(), agent, m.bdSeq(), m.time());
                if (m.data().isEmpty() && m.historical().isEmpty()) {
                    return birth;
                }
                return withHistory(List.of(birth, deviceBirth(t, agent, m)), t, agent, m);
            }
            case NDEATH -> {
                NodeState n = nodes.get(node);
                if (n != null && n.bdSeq >= 0 && m.bdSeq() != n.bdSeq) {
                    metrics.rejected("stale_death");
                    log.info(
                            "ignoring NDEATH of {} with bdSeq {}: the current NBIRTH has bdSeq {}",
                            t,
                            m.bdSeq(),
                            n.bdSeq);
                    return null;
                }
                nodeGone(node);
                return new Change.NodeDeath(agent, m.bdSeq(), m.time());
            }
            default -> checkSequence(t, node, m.seq(), client, connection, rebirth);
        }
        String asset = t.device().orElse(agent);
        return switch (t.type()) {
            case DBIRTH -> {
                nodes.computeIfAbsent(node, k -> new NodeState(-1, Map.of()))
                        .devices
                        .put(asset, m.aliases());
                yield withHistory(List.of(deviceBirth(t, agent, m)), t, agent, m);
            }
            case DDEATH -> new Change.DeviceDeath(agent, asset, m.time());
            default ->
                withHistory(List.of(new Change.DeviceData(t.group(), agent, asset, m.data(), m.time())), t, agent, m);
        };
    }

    private static Change deviceBirth(SparkplugTopic t, String agent, SparkplugMessage m) {
        String asset = t.device().orElse(agent);
        return new Change.DeviceBirth(t.group(), agent, asset, m.births(), m.meta(), m.data(), m.time());
    }

    private static Change withHistory(List<Change> live, SparkplugTopic t, String agent, SparkplugMessage m) {
        if (m.historical().isEmpty()) {
            return live.size() == 1 ? live.get(0) : new Change.Several(live);
        }
        var all = new ArrayList<>(live);
        all.add(new Change.History(t.group(), agent, t.device().orElse(agent), m.historical(), m.time()));
        return new Change.Several(all);
    }

    private void checkSequence(
            SparkplugTopic t,
            String node,
            long seq,
            String client,
            Object connection,
            Consumer<SparkplugTopic> rebirth) {
        if (!checkSequence) {
            return;
        }
        switch (sequences.next(node, seq, connection)) {
            case GAP -> {
                metrics.seqGap();
                log.warn(
                        "agent {} (MQTT client {}): Sparkplug sequence gap at seq {} on {}",
                        LogSafe.text(agent(t)),
                        LogSafe.text(client),
                        seq,
                        LogSafe.text(t));
                askRebirth(t, rebirth, "sequence gap");
            }
            case UNKNOWN_NODE -> askRebirth(t, rebirth, "no NBIRTH seen");
            default -> {}
        }
    }

    private void askRebirth(SparkplugTopic t, Consumer<SparkplugTopic> rebirth, String why) {
        if (sequences.rebirthDue(nodeKey(t))) {
            log.info("requesting a rebirth from {} ({})", LogSafe.text(agent(t)), LogSafe.text(why));
            rebirth.accept(SparkplugTopic.node(t.group(), MessageType.NCMD, t.edgeNode()));
        }
    }

    private static String agent(SparkplugTopic t) {
        return t.group() + "/" + t.edgeNode();
    }

    /** What the hub knows of one edge node since its last NBIRTH. */
    private static final class NodeState {
        final long bdSeq;
        final Map<Long, String> aliases;
        final Map<String, Map<Long, String>> devices = new ConcurrentHashMap<>();

        NodeState(long bdSeq, Map<Long, String> aliases) {
            this.bdSeq = bdSeq;
            this.aliases = Map.copyOf(aliases);
        }
    }
}
