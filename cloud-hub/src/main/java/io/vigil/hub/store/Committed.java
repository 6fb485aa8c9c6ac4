package io.vigil.hub.store;

import io.vigil.core.sample.Sample;
import io.vigil.core.sample.ValueType;
import io.vigil.core.wire.Score;
import java.util.List;
import java.util.Map;

/**
 * What one committed batch changed, handed to {@link CommitListener}s (the latest-value cache, the live feed).
 *
 * @param agents agent id to its new status
 * @param assets assets whose row changed (birth, death, first data after a restart)
 * @param series {@code (asset, tag, unit)} of series created or re-announced
 * @param samples samples per asset, in arrival order (redeliveries included; the database stored each once)
 * @param scores scores per asset
 * @param events events actually inserted (redelivered ones are not repeated)
 * @param samplesInserted sample rows the database inserted, numeric and text
 */
public record Committed(
        Map<String, String> agents,
        List<AssetRow> assets,
        List<SeriesRow> series,
        List<AssetSamples> samples,
        List<AssetScore> scores,
        List<EventView> events,
        long samplesInserted) {

    public static final Committed EMPTY =
            new Committed(Map.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0);

    /** A series, its unit and whether it holds numbers or text. */
    public record SeriesRow(String asset, String tag, String unit, ValueType type) {}

    /** Samples of one asset from one message. */
    public record AssetSamples(String asset, List<Sample> samples) {}

    /** One score of one asset. */
    public record AssetScore(String asset, Score score) {}
}
