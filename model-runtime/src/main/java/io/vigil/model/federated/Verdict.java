package io.vigil.model.federated;

/** The coordinator's answer to one submitted update. */
public sealed interface Verdict {
    record Accepted(String agentId) implements Verdict {}

    record Rejected(String agentId, Rejection reason, String detail) implements Verdict {}
}
