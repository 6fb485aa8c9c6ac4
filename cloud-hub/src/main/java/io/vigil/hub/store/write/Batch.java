package io.vigil.hub.store.write;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AnomalyEvent;
import io.vigil.hub.store.AssetRow;
import io.vigil.hub.store.Committed;
import io.vigil.hub.store.Committed.AssetSamples;
import io.vigil.hub.store.Committed.AssetScore;
import io.vigil.hub.store.Committed.SeriesRow;
import io.vigil.hub.store.EventView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rows and results gathered while one batch is applied: what waits to be inserted at the end of the transaction
 * (texts, scores, events) and what the commit hands to its listeners.
 */
final class Batch {
    final Map<String, String> agents = new LinkedHashMap<>();
    final List<AssetRow> assets = new ArrayList<>();
    final List<SeriesRow> series = new ArrayList<>();
    final List<AssetSamples> samples = new ArrayList<>();
    final List<AssetScore> scores = new ArrayList<>();
    final List<AssetScore> historicalScores = new ArrayList<>();
    final List<PendingEvent> pendingEvents = new ArrayList<>();
    final List<TextRow> texts = new ArrayList<>();
    final List<EventView> events = new ArrayList<>();

    /** An anomaly event waiting for its insert, which gives it its id. */
    record PendingEvent(String agent, String asset, AnomalyEvent event) {}

    /** A text sample and its series id, waiting for {@link UnnestInserts#texts}. */
    record TextRow(int series, Sample sample) {}

    Committed result(long samplesInserted) {
        return new Committed(agents, assets, series, samples, scores, events, samplesInserted);
    }
}
