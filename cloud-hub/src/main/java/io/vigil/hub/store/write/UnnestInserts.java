package io.vigil.hub.store.write;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.hub.store.Committed.AssetScore;
import io.vigil.hub.store.EventView;
import io.vigil.hub.store.Sql;
import io.vigil.hub.store.write.Batch.PendingEvent;
import io.vigil.hub.store.write.Batch.TextRow;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The rows that stay off the COPY path: text samples, scores and anomaly events, each kind in one
 * {@code INSERT ... SELECT FROM unnest(arrays) ON CONFLICT DO NOTHING} (events one by one, for their ids). They are
 * rare next to numeric samples, and the conflict clause keeps a redelivery from adding rows.
 */
final class UnnestInserts {
    private UnnestInserts() {}

    /** Text samples in one statement; a BAD one stores NULL. Returns the rows inserted (redeliveries add none). */
    static long texts(Connection c, List<TextRow> texts) throws SQLException {
        if (texts.isEmpty()) {
            return 0;
        }
        int n = texts.size();
        var ids = new Integer[n];
        var micros = new Long[n];
        var values = new String[n];
        var qualities = new Short[n];
        for (int i = 0; i < n; i++) {
            Sample s = texts.get(i).sample();
            ids[i] = texts.get(i).series();
            micros[i] = Sql.micros(s.time());
            values[i] = s.quality() == Quality.BAD ? null : s.text();
            qualities[i] = (short) s.quality().code();
        }
        try (var ps = c.prepareStatement("INSERT INTO samples_text (series_id, ts, value, quality)"
                + " SELECT i, timestamptz 'epoch' + u * INTERVAL '1 microsecond', v, q"
                + " FROM unnest(?::int4[], ?::int8[], ?::text[], ?::int2[]) AS t(i, u, v, q)"
                + " ON CONFLICT DO NOTHING")) {
            ps.setArray(1, c.createArrayOf("int4", ids));
            ps.setArray(2, c.createArrayOf("int8", micros));
            ps.setArray(3, c.createArrayOf("text", values));
            ps.setArray(4, c.createArrayOf("int2", qualities));
            return ps.executeUpdate();
        }
    }

    static void scores(Connection c, List<AssetScore> scores) throws SQLException {
        if (scores.isEmpty()) {
            return;
        }
        int n = scores.size();
        var assets = new String[n];
        var models = new String[n];
        var micros = new Long[n];
        var values = new Double[n];
        for (int i = 0; i < n; i++) {
            var s = scores.get(i);
            assets[i] = s.asset();
            models[i] = s.score().model();
            micros[i] = Sql.micros(s.score().time());
            values[i] = s.score().value();
        }
        try (var ps = c.prepareStatement("INSERT INTO scores (asset, model, ts, value)"
                + " SELECT a, m, timestamptz 'epoch' + u * INTERVAL '1 microsecond', v"
                + " FROM unnest(?::text[], ?::text[], ?::int8[], ?::float8[]) AS t(a, m, u, v)"
                + " ON CONFLICT DO NOTHING")) {
            ps.setArray(1, c.createArrayOf("text", assets));
            ps.setArray(2, c.createArrayOf("text", models));
            ps.setArray(3, c.createArrayOf("int8", micros));
            ps.setArray(4, c.createArrayOf("float8", values));
            ps.executeUpdate();
        }
    }

    /** Anomaly events, each given its id by the insert and added to the batch's events; a redelivery adds none. */
    static void events(Connection c, Batch b) throws SQLException {
        if (b.pendingEvents.isEmpty()) {
            return;
        }
        try (var ps = c.prepareStatement("INSERT INTO events (type, asset, ts, model, score, threshold, detail)"
                + " VALUES ('anomaly', ?, ?, ?, ?, ?, jsonb_build_object('agent', ?::text))"
                + " ON CONFLICT DO NOTHING RETURNING id")) {
            for (PendingEvent p : b.pendingEvents) {
                var e = p.event();
                ps.setString(1, p.asset());
                Sql.setTime(ps, 2, e.time());
                ps.setString(3, e.model());
                ps.setDouble(4, e.score());
                ps.setDouble(5, e.threshold());
                ps.setString(6, p.agent());
                try (var rs = ps.executeQuery()) {
                    if (rs.next()) {
                        b.events.add(new EventView(
                                rs.getLong(1),
                                EventView.ANOMALY,
                                p.asset(),
                                e.time(),
                                e.model(),
                                e.score(),
                                e.threshold()));
                    }
                }
            }
        }
    }
}
