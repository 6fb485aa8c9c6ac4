package io.vigil.model.federated;

import io.vigil.model.federated.aggregate.Aggregator;
import io.vigil.model.federated.aggregate.Contribution;
import java.security.PublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Buffered asynchronous aggregation (FedBuff, Nguyen et al. 2022): no rounds to wait for. Agents train whenever they
 * can from whatever version they last fetched; each update is checked as in a round, weighted by its sample count
 * times {@code 1 / sqrt(1 + staleness)} (staleness = versions published since its base), and once {@code bufferSize}
 * updates are buffered they are aggregated into the next version. An update more than {@code maxStaleness} versions
 * behind is rejected as stale, so an agent back from an hour offline still contributes if the model has not moved on
 * too far, and is told why otherwise.
 *
 * <p>Replays are refused by a per-agent sequence number ({@link ModelUpdate#round()} is that number here): each agent's
 * must increase.
 */
public final class BufferedAggregation {
    private static final Logger LOG = LoggerFactory.getLogger(BufferedAggregation.class);

    private final String modelId;
    private final UpdateCheck check;
    private final Aggregator aggregator;
    private final int bufferSize;
    private final int maxStaleness;
    private final double clipNorm;
    private final Clock clock;
    private final Consumer<RoundEvent> events;
    private final List<Contribution> buffer = new ArrayList<>();
    private final Map<String, Long> lastSequence = new HashMap<>();
    private float[] global;
    private long version;

    public BufferedAggregation(
            String modelId,
            float[] initial,
            Map<String, PublicKey> enrolled,
            Aggregator aggregator,
            int bufferSize,
            int maxStaleness,
            double clipNorm,
            Clock clock,
            Consumer<RoundEvent> events) {
        if (bufferSize < 1 || maxStaleness < 0 || !(clipNorm >= 0)) {
            throw new IllegalArgumentException("model " + modelId + ": bufferSize " + bufferSize + " must be >= 1,"
                    + " maxStaleness " + maxStaleness + " and clipNorm " + clipNorm + " >= 0");
        }
        this.modelId = modelId;
        this.global = initial.clone();
        this.check = new UpdateCheck(enrolled, initial.length);
        this.aggregator = aggregator;
        this.bufferSize = bufferSize;
        this.maxStaleness = maxStaleness;
        this.clipNorm = clipNorm;
        this.clock = clock;
        this.events = events;
    }

    /** Checks and buffers {@code u}; aggregates when the buffer is full. */
    public synchronized Verdict submit(ModelUpdate u) {
        try {
            check.verify(u);
            long last = lastSequence.getOrDefault(u.agentId(), Long.MIN_VALUE);
            if (u.round() <= last) {
                throw new UpdateCheck.Refused(
                        Rejection.REPLAY, "sequence " + u.round() + " is not after " + u.agentId() + "'s last " + last);
            }
            long staleness = version - u.baseVersion();
            if (staleness < 0 || staleness > maxStaleness) {
                throw new UpdateCheck.Refused(
                        Rejection.STALE_BASE,
                        "delta starts from version " + u.baseVersion() + ", " + staleness + " versions behind "
                                + version + " (at most " + maxStaleness + ")");
            }
            float[] delta = Clipping.clip(check.delta(u), clipNorm);
            lastSequence.put(u.agentId(), u.round());
            buffer.add(new Contribution(u.agentId(), delta, u.sampleCount() / Math.sqrt(1 + staleness)));
            events.accept(new RoundEvent.Accepted(
                    modelId, version, clock.instant(), u.agentId(), u.wireBytes(), u.trainingLoss()));
            if (buffer.size() >= bufferSize) {
                flush();
            }
            return new Verdict.Accepted(u.agentId());
        } catch (UpdateCheck.Refused r) {
            LOG.warn(
                    "model {}: buffered update from {} rejected ({}): {}",
                    modelId,
                    u.agentId(),
                    r.reason.code(),
                    r.getMessage());
            events.accept(
                    new RoundEvent.Rejected(modelId, version, clock.instant(), u.agentId(), r.reason, r.getMessage()));
            return new Verdict.Rejected(u.agentId(), r.reason, r.getMessage());
        }
    }

    private void flush() {
        float[] delta = aggregator.aggregate(buffer);
        for (int i = 0; i < global.length; i++) {
            global[i] += delta[i];
        }
        List<String> agents = buffer.stream().map(Contribution::agentId).toList();
        buffer.clear();
        version++;
        events.accept(new RoundEvent.Closed(modelId, version, clock.instant(), agents, version, false, 0));
    }

    public synchronized float[] global() {
        return global.clone();
    }

    public synchronized long version() {
        return version;
    }
}
