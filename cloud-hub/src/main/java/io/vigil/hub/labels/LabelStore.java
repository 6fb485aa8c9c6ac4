package io.vigil.hub.labels;

import io.vigil.hub.store.ConnectionPool;
import io.vigil.hub.store.Sql;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** The {@code labels} table. Every method blocks on JDBC: call it from a worker, never from an event loop. */
public final class LabelStore {
    private static final String COLUMNS = "id, asset, from_ts, to_ts, kind, event_id, note, created_by, created_at";

    private final ConnectionPool pool;
    private final Clock clock;

    public LabelStore(ConnectionPool pool, Clock clock) {
        this.pool = pool;
        this.clock = clock;
    }

    /** The outcome of adding a label: stored, or refused because the event it names is not stored. */
    public sealed interface Added {
        record Stored(Label label) implements Added {}

        record NoSuchEvent(long eventId) implements Added {}

        record OtherAsset(long eventId, String eventAsset) implements Added {}
    }

    /** Stores {@code request} as said by {@code user} now; a label of an event takes the event's asset and time. */
    public Added add(LabelRequest request, String user) {
        return pool.call("adding a label", c -> {
            String asset = request.asset().orElse(null);
            Instant from = request.from().orElse(null);
            Instant to = request.to().orElse(null);
            if (request.eventId().isPresent()) {
                long id = request.eventId().getAsLong();
                try (var ps = c.prepareStatement("SELECT asset, ts FROM events WHERE id = ?")) {
                    ps.setLong(1, id);
                    try (var rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            return new Added.NoSuchEvent(id);
                        }
                        String eventAsset = rs.getString(1);
                        if (asset != null && !asset.equals(eventAsset)) {
                            return new Added.OtherAsset(id, eventAsset);
                        }
                        Instant ts = Sql.getTime(rs, 2);
                        asset = eventAsset;
                        from = from == null || from.isAfter(ts) ? ts : from;
                        to = to == null || to.isBefore(ts) ? ts : to;
                    }
                }
            }
            Instant at = clock.instant();
            try (var ps = c.prepareStatement("INSERT INTO labels (asset, from_ts, to_ts, kind, event_id, note,"
                    + " created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING " + COLUMNS)) {
                ps.setString(1, asset);
                Sql.setTime(ps, 2, from);
                Sql.setTime(ps, 3, to);
                ps.setString(4, request.kind().key());
                if (request.eventId().isPresent()) {
                    ps.setLong(5, request.eventId().getAsLong());
                } else {
                    ps.setNull(5, Types.BIGINT);
                }
                ps.setString(6, request.note());
                ps.setString(7, user);
                Sql.setTime(ps, 8, at);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return new Added.Stored(label(rs));
                }
            }
        });
    }

    /** Labels matching {@code filter}, oldest range first; at most {@code limit}. */
    public List<Label> list(LabelFilter filter, int limit) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM labels WHERE TRUE");
        var args = new ArrayList<Object>();
        filter.asset().ifPresent(a -> {
            sql.append(" AND asset = ?");
            args.add(a);
        });
        // overlap with [from, to): a label ending exactly at from still covers from (its ends are included)
        filter.from().ifPresent(f -> {
            sql.append(" AND to_ts >= ?");
            args.add(f);
        });
        filter.to().ifPresent(t -> {
            sql.append(" AND from_ts < ?");
            args.add(t);
        });
        filter.kind().ifPresent(k -> {
            sql.append(" AND kind = ?");
            args.add(k.key());
        });
        sql.append(" ORDER BY from_ts, id LIMIT ").append(limit);
        return pool.call("listing labels", c -> {
            try (var ps = c.prepareStatement(sql.toString())) {
                bind(ps, args);
                var list = new ArrayList<Label>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(label(rs));
                    }
                }
                return list;
            }
        });
    }

    /** Labels put on any of {@code eventIds}, or whose range covers an event time on its asset, for events. */
    public List<Label> around(String asset, Instant from, Instant to, List<Long> eventIds) {
        return pool.call("reading labels of events", c -> {
            try (var ps = c.prepareStatement(
                    "SELECT " + COLUMNS + " FROM labels WHERE event_id = ANY (?)"
                            + " OR ((CAST(? AS text) IS NULL OR asset = ?) AND to_ts >= ? AND from_ts <= ?) ORDER BY from_ts, id")) {
                ps.setArray(1, c.createArrayOf("bigint", eventIds.toArray()));
                ps.setString(2, asset);
                ps.setString(3, asset);
                Sql.setTime(ps, 4, from);
                Sql.setTime(ps, 5, to);
                var list = new ArrayList<Label>();
                try (var rs = ps.executeQuery()) {
                    while (rs.next()) {
                        list.add(label(rs));
                    }
                }
                return list;
            }
        });
    }

    /** Removes the label; false when there is none with this id. */
    public boolean delete(long id) {
        return pool.call("deleting label " + id, c -> {
            try (var ps = c.prepareStatement("DELETE FROM labels WHERE id = ?")) {
                ps.setLong(1, id);
                return ps.executeUpdate() == 1;
            }
        });
    }

    public Optional<Label> get(long id) {
        return pool.call("reading label " + id, c -> {
            try (var ps = c.prepareStatement("SELECT " + COLUMNS + " FROM labels WHERE id = ?")) {
                ps.setLong(1, id);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(label(rs)) : Optional.empty();
                }
            }
        });
    }

    private static void bind(PreparedStatement ps, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i) instanceof Instant t) {
                Sql.setTime(ps, i + 1, t);
            } else {
                ps.setString(i + 1, (String) args.get(i));
            }
        }
    }

    private static Label label(ResultSet rs) throws SQLException {
        long event = rs.getLong(6);
        OptionalLong eventId = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(event);
        return new Label(
                rs.getLong(1),
                rs.getString(2),
                Sql.getTime(rs, 3),
                Sql.getTime(rs, 4),
                LabelKind.of(rs.getString(5)),
                eventId,
                rs.getString(7),
                rs.getString(8),
                Sql.getTime(rs, 9));
    }
}
