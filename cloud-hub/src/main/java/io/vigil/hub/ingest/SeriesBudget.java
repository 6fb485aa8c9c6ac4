package io.vigil.hub.ingest;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.Score;
import io.vigil.core.wire.SparkplugMessage;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The series each edge node has defined while this hub runs, bounded per node. Kept across births and deaths on
 * purpose: a node that re-births with fresh names each time must not get a fresh budget. Memory is bounded by the
 * limit itself (names past it are never remembered).
 */
final class SeriesBudget {
    private final int perNode;
    private final Map<String, Set<String>> nodes = new ConcurrentHashMap<>();

    SeriesBudget(int perNode) {
        this.perNode = perNode;
    }

    /**
     * Records the series {@code m} names under {@code asset} of {@code node}; throws {@link Rejection} (reason
     * {@code series_limit}) without recording any of them when they would take the node past its limit.
     */
    void admit(String node, String asset, SparkplugMessage m) {
        Set<String> known = nodes.computeIfAbsent(node, k -> new HashSet<>());
        synchronized (known) {
            var fresh = new HashSet<String>();
            for (MetricDef d : m.births()) {
                note(known, fresh, asset + "/" + d.name());
            }
            for (AssetData data : new AssetData[] {m.data(), m.historical()}) {
                for (Sample s : data.samples()) {
                    note(known, fresh, asset + "/" + s.tag());
                }
                for (Score s : data.scores()) {
                    note(known, fresh, asset + "/score:" + s.model());
                }
            }
            if (known.size() + fresh.size() > perNode) {
                throw new Rejection(
                        "series_limit",
                        "edge node " + node + " would define " + (known.size() + fresh.size()) + " series; the limit"
                                + " is " + perNode + " (--max-series-per-node)");
            }
            known.addAll(fresh);
        }
    }

    /** Costs at most one lookup per metric: the decoder already bounded the metrics of one message. */
    private static void note(Set<String> known, Set<String> fresh, String series) {
        if (!known.contains(series)) {
            fresh.add(series);
        }
    }
}
