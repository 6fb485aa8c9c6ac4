package io.vigil.hub.store.write;

import io.vigil.core.sample.Sample;
import io.vigil.core.sample.ValueType;
import io.vigil.core.wire.MetricDef;
import io.vigil.hub.store.Committed.SeriesRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/**
 * One writer's series ids, by asset and tag: a sample of a known series costs a map lookup, not a query. A series is
 * announced by a birth (unit, value type, protocol) or, when a sample arrives first, created of the sample's value
 * type. Cleared when a transaction rolls back, since it may then name series that were never stored.
 */
final class SeriesCache {
    private final Map<String, Map<String, Integer>> ids = new HashMap<>();

    /** The cached ids of {@code asset}'s series by tag; fetched once per asset of a message, then read per sample. */
    Map<String, Integer> of(String asset) {
        return ids.computeIfAbsent(asset, k -> new HashMap<>());
    }

    /** The id of the sample's series, created (of the sample's value type) when no birth announced it. */
    int create(Connection c, Batch b, String asset, Sample s) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO series (asset, tag, data_type) VALUES (?, ?, ?)"
                + " ON CONFLICT (asset, tag) DO UPDATE SET unit = series.unit RETURNING id, unit, data_type")) {
            ps.setString(1, asset);
            ps.setString(2, s.tag());
            ps.setString(3, s.type().key());
            try (var rs = ps.executeQuery()) {
                rs.next();
                cache(asset, s.tag(), rs.getInt(1));
                b.series.add(new SeriesRow(asset, s.tag(), rs.getString(2), ValueType.of(rs.getString(3))));
                return rs.getInt(1);
            }
        }
    }

    /** A series as a BIRTH announces it: unit, value type and the protocol its asset is read with. */
    void announce(Connection c, Batch b, String asset, MetricDef m, String protocol) throws SQLException {
        try (var ps = c.prepareStatement("INSERT INTO series (asset, tag, unit, data_type, source_protocol)"
                + " VALUES (?, ?, ?, ?, ?) ON CONFLICT (asset, tag) DO UPDATE SET unit = EXCLUDED.unit,"
                + " data_type = EXCLUDED.data_type, source_protocol = EXCLUDED.source_protocol RETURNING id")) {
            ps.setString(1, asset);
            ps.setString(2, m.name());
            ps.setString(3, m.unit());
            ps.setString(4, m.type().key());
            ps.setString(5, protocol);
            try (var rs = ps.executeQuery()) {
                rs.next();
                cache(asset, m.name(), rs.getInt(1));
            }
        }
        b.series.add(new SeriesRow(asset, m.name(), m.unit(), m.type()));
    }

    void clear() {
        ids.clear();
    }

    private void cache(String asset, String tag, int id) {
        of(asset).put(tag, id);
    }
}
