package io.vigil.hub.federated;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.model.federated.RoundEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What the API shows of one round: its plan, participants, every accepted and rejected update (with its code), the
 * bytes received, training losses, ε and the version it produced. Written by the coordinator's events and the
 * round's end on worker threads, read by the routes: every method is synchronized.
 */
final class RoundRecord {
    enum State {
        OPEN,
        CLOSED,
        FAILED,
        STOPPED
    }

    private record Accepted(String agent, int bytes, double loss, Instant at) {}

    private record Rejected(String agent, String code, String detail, Instant at) {}

    private final long id;
    private final String model;
    private final String baseVersion;
    private final RoundRequest request;
    private final Instant started;
    private final List<String> participants = new ArrayList<>();
    private final List<Accepted> accepted = new ArrayList<>();
    private final List<Rejected> rejected = new ArrayList<>();
    private State state = State.OPEN;
    private Instant ended;
    private long bytes;
    private int quorum;
    private Instant deadline;
    private double epsilon;
    private long pooledRows;
    private String resultingVersion;
    private String error;

    RoundRecord(long id, String model, String baseVersion, RoundRequest request, Instant started) {
        this.id = id;
        this.model = model;
        this.baseVersion = baseVersion;
        this.request = request;
        this.started = started;
    }

    long id() {
        return id;
    }

    String model() {
        return model;
    }

    synchronized State state() {
        return state;
    }

    synchronized Optional<String> resultingVersion() {
        return Optional.ofNullable(resultingVersion);
    }

    synchronized void planned(int quorum, Instant deadline) {
        this.quorum = quorum;
        this.deadline = deadline;
    }

    /** The coordinator's events, as they happen. */
    synchronized void on(RoundEvent e) {
        if (e instanceof RoundEvent.Opened o) {
            participants.addAll(o.participants());
        } else if (e instanceof RoundEvent.Accepted a) {
            accepted.add(new Accepted(a.agentId(), a.bytes(), a.trainingLoss(), a.at()));
        } else if (e instanceof RoundEvent.Rejected r) {
            rejected.add(new Rejected(r.agentId(), r.reason().code(), r.detail(), r.at()));
        } else if (e instanceof RoundEvent.Closed c) {
            bytes = c.bytesReceived();
            state = c.failed() ? State.FAILED : State.CLOSED;
            ended = c.at();
        }
    }

    /** An update refused before it reached a coordinator (its round is no longer open). */
    synchronized void refused(String agent, String code, String detail, Instant at) {
        rejected.add(new Rejected(agent, code, detail, at));
    }

    synchronized void stopped(Instant at) {
        state = State.STOPPED;
        ended = at;
    }

    synchronized void result(String version, double epsilon, long pooledRows) {
        this.resultingVersion = version;
        this.epsilon = epsilon;
        this.pooledRows = pooledRows;
    }

    synchronized void failedToRegister(String message) {
        this.error = message;
    }

    synchronized JsonObject toJson() {
        var acc = new JsonArray();
        accepted.forEach(a -> acc.add(new JsonObject()
                .put("agent", a.agent())
                .put("bytes", a.bytes())
                .put("trainingLoss", a.loss())
                .put("at", a.at().toString())));
        var rej = new JsonArray();
        rejected.forEach(r -> rej.add(new JsonObject()
                .put("agent", r.agent())
                .put("code", r.code())
                .put("detail", r.detail())
                .put("at", r.at().toString())));
        return new JsonObject()
                .put("id", id)
                .put("model", model)
                .put("baseVersion", baseVersion)
                .put("state", state.name().toLowerCase(java.util.Locale.ROOT))
                .put("started", started.toString())
                .put("deadline", deadline == null ? null : deadline.toString())
                .put("ended", ended == null ? null : ended.toString())
                .put("quorum", quorum)
                .put("participants", new JsonArray(new ArrayList<>(participants)))
                .put("accepted", acc)
                .put("rejected", rej)
                .put("bytesReceived", bytes)
                .put(
                        "meanTrainingLoss",
                        accepted.isEmpty()
                                ? null
                                : accepted.stream()
                                        .mapToDouble(Accepted::loss)
                                        .average()
                                        .getAsDouble())
                .put("epsilon", request.noise() > 0 ? epsilon : null)
                .put("pooledRows", pooledRows)
                .put("resultingVersion", resultingVersion)
                .put("error", error)
                .put("plan", request.toJson());
    }
}
