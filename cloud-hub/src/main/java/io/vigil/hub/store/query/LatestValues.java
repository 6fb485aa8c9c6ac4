package io.vigil.hub.store.query;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.hub.store.AssetRow;
import io.vigil.hub.store.CommitListener;
import io.vigil.hub.store.Committed;
import io.vigil.hub.store.Committed.AssetSamples;
import io.vigil.hub.store.Committed.AssetScore;
import io.vigil.hub.store.Committed.SeriesRow;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The latest value of every tag and model and the state of every agent and asset, kept in memory so {@code /assets}
 * and {@code /health} never scan the time-series tables. Seeded from the database at start, then updated by the
 * writer thread after each commit (so it never shows a value that is not durable); read from any thread.
 */
public final class LatestValues implements CommitListener {

    /** What the database holds at start. */
    public record Snapshot(
            List<AgentView> agents, List<AssetRow> assets, List<AssetTag> tags, List<AssetScoreView> scores) {}

    /** A tag of an asset. */
    public record AssetTag(String asset, TagView tag) {}

    /** A score of an asset. */
    public record AssetScoreView(String asset, ScoreView score) {}

    private final Map<String, String> agents = new ConcurrentSkipListMap<>();
    private final Map<String, Entry> assets = new ConcurrentSkipListMap<>();

    public static LatestValues of(Snapshot snapshot) {
        var latest = new LatestValues();
        snapshot.agents().forEach(a -> latest.agents.put(a.id(), a.status()));
        snapshot.assets().forEach(a -> latest.entry(a.id()).row = a);
        snapshot.tags().forEach(t -> latest.entry(t.asset()).tags.put(t.tag().id(), t.tag()));
        snapshot.scores()
                .forEach(s -> latest.entry(s.asset()).scores.put(s.score().model(), s.score()));
        return latest;
    }

    @Override
    public void committed(Committed c) {
        agents.putAll(c.agents());
        for (AssetRow row : c.assets()) {
            entry(row.id()).row = row;
        }
        for (SeriesRow s : c.series()) {
            entry(s.asset())
                    .tags
                    .compute(
                            s.tag(),
                            (k, old) -> old == null
                                    ? new TagView(s.tag(), s.unit(), null, null, null, null, s.type())
                                    : new TagView(
                                            s.tag(),
                                            s.unit(),
                                            old.value(),
                                            old.time(),
                                            old.quality(),
                                            old.text(),
                                            s.type()));
        }
        for (AssetSamples as : c.samples()) {
            var tags = entry(as.asset()).tags;
            for (Sample s : as.samples()) {
                tags.compute(s.tag(), (k, old) -> newer(old, s));
            }
        }
        for (AssetScore s : c.scores()) {
            entry(s.asset())
                    .scores
                    .compute(
                            s.score().model(),
                            (k, old) ->
                                    old != null && old.time().isAfter(s.score().time())
                                            ? old
                                            : new ScoreView(
                                                    s.score().model(),
                                                    s.score().value(),
                                                    s.score().time()));
        }
    }

    private static TagView newer(TagView old, Sample s) {
        if (old != null && old.time() != null && old.time().isAfter(s.time())) {
            return old;
        }
        Double value = Double.isFinite(s.value()) ? s.value() : null;
        String text = s.quality() == Quality.BAD ? null : s.text();
        return new TagView(s.tag(), old == null ? "" : old.unit(), value, s.time(), s.quality(), text, s.type());
    }

    private Entry entry(String asset) {
        return assets.computeIfAbsent(asset, Entry::new);
    }

    /** Every asset, by id. */
    public List<AssetView> assets() {
        var list = new ArrayList<AssetView>(assets.size());
        assets.values().forEach(e -> list.add(e.view()));
        return list;
    }

    public Optional<AssetView> asset(String id) {
        return Optional.ofNullable(assets.get(id)).map(Entry::view);
    }

    /** Every agent with its assets, by id; an agent seen only through its assets' rows counts as offline. */
    public List<AgentView> agents() {
        var byAgent = new ConcurrentSkipListMap<String, List<AssetRow>>();
        agents.keySet().forEach(a -> byAgent.put(a, new ArrayList<>()));
        assets.values().forEach(e -> byAgent.computeIfAbsent(e.row.agent(), k -> new ArrayList<>())
                .add(e.row));
        var list = new ArrayList<AgentView>();
        byAgent.forEach((id, rows) -> {
            rows.sort(Comparator.comparing(AssetRow::id));
            list.add(new AgentView(id, agents.getOrDefault(id, AssetRow.OFFLINE), rows));
        });
        return list;
    }

    private static final class Entry {
        volatile AssetRow row;
        final Map<String, TagView> tags = new ConcurrentSkipListMap<>();
        final Map<String, ScoreView> scores = new ConcurrentHashMap<>();

        Entry(String id) {
            row = new AssetRow(id, "", "", "", AssetRow.OFFLINE);
        }

        AssetView view() {
            var scoreList = new ArrayList<>(scores.values());
            scoreList.sort(Comparator.comparing(ScoreView::model));
            return new AssetView(row, new ArrayList<>(tags.values()), scoreList);
        }
    }
}
