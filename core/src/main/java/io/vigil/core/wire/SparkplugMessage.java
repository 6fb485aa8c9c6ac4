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
 * @param aliases alias to metric name, as defined by a BIRTH's metrics that carry both; empty otherwise
 * @param historical metrics flagged {@code is_historical} (back-filled by store-and-forward): to be stored, not shown
 *     as current values
 * @param skipped metrics Vigil does not store (DataSet, Template, Bytes, File values)
 * @param rejected text metrics dropped because no sample may hold them (longer than {@code Sample.MAX_TEXT}, NUL);
 *     the message's other metrics are kept
 */
public record SparkplugMessage(
        Instant time,
        long seq,
        List<MetricDef> births,
        Map<String, String> meta,
        AssetData data,
        long bdSeq,
        Map<Long, String> aliases,
        AssetData historical,
        int skipped,
        int rejected) {
    private static final AssetData NONE = new AssetData(List.of(), List.of(), List.of());

    public SparkplugMessage {
        births = List.copyOf(births);
        meta = Map.copyOf(meta);
        aliases = Map.copyOf(aliases);
        historical = historical == null ? NONE : historical;
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must be >= 0, got " + skipped);
        }
        if (rejected < 0) {
            throw new IllegalArgumentException("rejected must be >= 0, got " + rejected);
        }
    }

    /** A message without aliases, historical metrics or skipped metrics. */
    public SparkplugMessage(
            Instant time, long seq, List<MetricDef> births, Map<String, String> meta, AssetData data, long bdSeq) {
        this(time, seq, births, meta, data, bdSeq, Map.of(), NONE, 0, 0);
    }
}
