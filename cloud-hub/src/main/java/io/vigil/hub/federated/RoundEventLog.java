package io.vigil.hub.federated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.hub.store.ConnectionPool;
import io.vigil.model.federated.Rejection;
import io.vigil.model.federated.RoundEvent;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Writes a round's events into the hub's {@code events} table, where {@code GET /api/v1/events?type=…} and the twin
 * read them: {@code fl_round_started}, {@code fl_update_rejected} (asset: the agent; detail: code and reason),
 * {@code fl_round_closed}, {@code fl_round_version} (the new version, once registered in shadow), {@code fl_round_stopped}. Accepted
 * updates are not events (the round's API view lists them): a fleet of agents would fill the table. Blocking (JDBC).
 */
public final class RoundEventLog {
    private final ConnectionPool pool;

    public RoundEventLog(ConnectionPool pool) {
        this.pool = pool;
    }

    void write(RoundEvent e, String baseVersion) {
        if (e instanceof RoundEvent.Opened o) {
            insert(
                    "fl_round_started",
                    o.modelId(),
                    o.at(),
                    o.modelId() + "@" + baseVersion,
                    new JsonObject()
                            .put("round", o.round())
                            .put("participants", new JsonArray(o.participants()))
                            .put("baseVersion", baseVersion));
        } else if (e instanceof RoundEvent.Rejected r) {
            rejected(r.modelId(), r.agentId(), r.reason(), r.detail(), r.at());
        } else if (e instanceof RoundEvent.Closed c) {
            insert(
                    "fl_round_closed",
                    c.modelId(),
                    c.at(),
                    c.modelId() + "@" + baseVersion,
                    new JsonObject()
                            .put("round", c.round())
                            .put("failed", c.failed())
                            .put("aggregated", new JsonArray(c.aggregated()))
                            .put("bytesReceived", c.bytesReceived()));
        }
        // accepted updates are listed by the round's API view only (see the class comment)
    }

    void rejected(String model, String agent, Rejection reason, String detail, Instant at) {
        insert(
                "fl_update_rejected",
                agent,
                at,
                model,
                new JsonObject().put("code", reason.code()).put("detail", detail));
    }

    void stopped(String model, long round, Instant at) {
        insert("fl_round_stopped", model, at, model, new JsonObject().put("round", round));
    }

    void closedWithVersion(String model, long round, String version, Instant at) {
        insert(
                "fl_round_version",
                model,
                at,
                model + "@" + version,
                new JsonObject().put("round", round).put("version", version).put("stage", "shadow"));
    }

    private void insert(String type, String asset, Instant at, String model, JsonObject detail) {
        pool.call("writing a " + type + " event", c -> {
            c.setAutoCommit(true); // the pool may hand out a connection a transaction left in manual commit
            try (var ps = c.prepareStatement("INSERT INTO events (type, asset, ts, model, detail)"
                    + " VALUES (?, ?, ?, ?, ?::jsonb) ON CONFLICT DO NOTHING")) {
                ps.setString(1, type);
                ps.setString(2, asset);
                ps.setObject(3, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                ps.setString(4, model);
                ps.setString(5, detail.encode());
                ps.executeUpdate();
            }
            return null;
        });
    }
}
