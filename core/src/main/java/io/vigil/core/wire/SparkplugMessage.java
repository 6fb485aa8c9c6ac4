package io.vigil.core.wire;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A decoded Sparkplug B payload in Vigil's terms.
 *
 * @param time payload timestamp
 * @param seq sequence number 0..255 ({@code -1} when absent, as in STATE)
 * @param births metric definitions (BIRTH messages)
 * @param meta asset metadata from a DBIRTH ({@code protocol}, {@code device}); empty otherwise
 * @param data samples, scores and events (DATA messages; BIRTH messages carry the current values too)
 * @param bdSeq the birth/death sequence of NBIRTH/NDEATH, {@code -1} when absent
 */
public record SparkplugMessage(
        Instant time, long seq, List<MetricDef> births, Map<String, String> meta, AssetData data, long bdSeq) {
    public SparkplugMessage {
        births = List.copyOf(births);
        meta = Map.copyOf(meta);
    }
}
