package io.vigil.core.wire;

import io.vigil.core.sample.Sample;
import java.util.List;

/** What one DDATA message carries for one asset: samples, window scores and anomaly events, each with its time. */
public record AssetData(List<Sample> samples, List<Score> scores, List<AnomalyEvent> events) {
    public AssetData {
        samples = List.copyOf(samples);
        scores = List.copyOf(scores);
        events = List.copyOf(events);
    }

    public boolean isEmpty() {
        return samples.isEmpty() && scores.isEmpty() && events.isEmpty();
    }

    public int size() {
        return samples.size() + scores.size() + events.size();
    }
}
