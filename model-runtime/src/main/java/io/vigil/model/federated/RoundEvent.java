package io.vigil.model.federated;

import java.time.Instant;
import java.util.List;

/** What a round reports while it runs: the hub turns these into events and API state. */
public sealed interface RoundEvent {
    String modelId();

    long round();

    Instant at();

    record Opened(String modelId, long round, Instant at, List<String> participants, long baseVersion)
            implements RoundEvent {
        public Opened {
            participants = List.copyOf(participants);
        }
    }

    record Accepted(String modelId, long round, Instant at, String agentId, int bytes, double trainingLoss)
            implements RoundEvent {}

    record Rejected(String modelId, long round, Instant at, String agentId, Rejection reason, String detail)
            implements RoundEvent {}

    /**
     * @param aggregated agents whose deltas went into the new version
     * @param newVersion the global version after the round ({@code baseVersion} when the round failed)
     * @param failed true when fewer than the quorum were accepted by the deadline: the global model is unchanged
     */
    record Closed(
            String modelId,
            long round,
            Instant at,
            List<String> aggregated,
            long newVersion,
            boolean failed,
            long bytesReceived)
            implements RoundEvent {
        public Closed {
            aggregated = List.copyOf(aggregated);
        }
    }
}
