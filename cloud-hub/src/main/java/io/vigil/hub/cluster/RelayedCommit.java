package io.vigil.hub.cluster;

import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.wire.Score;
import io.vigil.hub.store.Committed;
import io.vigil.hub.store.Committed.AssetSamples;
import io.vigil.hub.store.Committed.AssetScore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads back a live-feed message another hub committed ({@code samples} or {@code score}) as a {@link Committed}, so
 * this hub's latest-value cache follows data it did not ingest itself (a broker may hand all of a device's data to
 * one hub). Other message types are left out: births and deaths reach every hub directly, events are read from the
 * database.
 */
final class RelayedCommit {
    private RelayedCommit() {}

    static Optional<Committed> of(JsonObject message) {
        return switch (message.getString("type", "")) {
            case "samples" -> Optional.of(commit(List.of(samples(message)), List.of()));
            case "score" -> Optional.of(commit(List.of(), List.of(score(message))));
            default -> Optional.empty();
        };
    }

    private static AssetSamples samples(JsonObject message) {
        var list = new ArrayList<Sample>();
        for (Object o : message.getJsonArray("samples")) {
            var s = (JsonObject) o;
            Double v = s.getDouble("v");
            list.add(new Sample(
                    s.getString("tag"),
                    Instant.parse(s.getString("t")),
                    v == null ? Double.NaN : v,
                    Quality.valueOf(s.getString("q")),
                    s.getString("text")));
        }
        return new AssetSamples(message.getString("asset"), list);
    }

    private static AssetScore score(JsonObject message) {
        return new AssetScore(
                message.getString("asset"),
                new Score(message.getString("model"), Instant.parse(message.getString("t")), message.getDouble("v")));
    }

    private static Committed commit(List<AssetSamples> samples, List<AssetScore> scores) {
        return new Committed(Map.of(), List.of(), List.of(), samples, scores, List.of(), 0);
    }
}
