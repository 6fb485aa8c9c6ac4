package io.vigil.edge.federated;

import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.edge.registry.RegistryClient;
import io.vigil.edge.registry.RegistryException;
import io.vigil.model.federated.AgentIdentity;
import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.NetworkShape;
import io.vigil.model.federated.Participant;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.TrainingWindows;
import io.vigil.model.federated.wire.Invitation;
import io.vigil.model.federated.wire.UpdateMessage;
import io.vigil.model.onnx.DenseGraph;
import io.vigil.model.pkg.PackageArchive;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the hub's invitations to federated rounds: on its own thread it asks the registry channel for an
 * invitation, downloads the base version's package (its manifest standardizes the windows, its graph says the
 * network and the centering), trains on the {@link TrainingHistory} with model-runtime's {@link Participant}, and
 * posts the signed update back through the same channel.
 *
 * <p><b>Stale and offline.</b> An invitation whose deadline has passed is not trained (the round has closed or will
 * close without it: the core's rule is that nothing waits for an agent). An agent that cannot reach the hub just
 * asks again at the next poll; when it comes back after the round it is simply not invited any more, and an update it
 * still sends is refused by the hub as {@code fl.update.late}. An agent with no recorded window declines (it sends
 * nothing; the deadline or the quorum decides without it).
 */
public final class RoundParticipant implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoundParticipant.class);
    private static final long MAX_PACKAGE_BYTES = 256L << 20;

    /** What one poll did. */
    public sealed interface Outcome {
        record NoInvitation() implements Outcome {}

        record Answered(long round, int bytes) implements Outcome {}

        record Declined(long round, String reason) implements Outcome {}

        record Failed(String reason) implements Outcome {}
    }

    private record Base(ModelManifest manifest, DenseGraph graph) {}

    private final RegistryClient client;
    private final AgentIdentity identity;
    private final TrainingHistory history;
    private final Clock clock;
    private final Map<String, Base> packages = new HashMap<>();
    private final ScheduledExecutorService thread = Executors.newSingleThreadScheduledExecutor(r -> {
        var t = new Thread(r, "vigil-federated");
        t.setDaemon(true);
        return t;
    });
    private boolean keyRegistered;
    private long lastRound;

    public RoundParticipant(RegistryClient client, AgentIdentity identity, TrainingHistory history, Clock clock) {
        this.client = client;
        this.identity = identity;
        this.history = history;
        this.clock = clock;
    }

    /** Polls now and then every {@code interval}, on its own thread (training blocks for seconds). */
    public void start(Duration interval) {
        thread.scheduleWithFixedDelay(this::pollQuietly, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void pollQuietly() {
        try {
            Outcome o = poll();
            if (o instanceof Outcome.Failed f) {
                LOG.warn("federated round: {}", f.reason());
            }
        } catch (RuntimeException e) {
            // a failure must not end the schedule: the next poll tries again
            LOG.error("federated round: {}", e.toString());
        }
    }

    /** One poll: registers the update key if the hub does not have it yet, then answers a waiting invitation. */
    public synchronized Outcome poll() {
        try {
            if (!keyRegistered) {
                client.registerUpdateKey(
                        Base64.getEncoder().encodeToString(identity.publicKey().getEncoded()));
                keyRegistered = true;
            }
            Optional<byte[]> body = client.invitation();
            if (body.isEmpty()) {
                return new Outcome.NoInvitation();
            }
            return answer(Json.mapper().readValue(body.get(), Invitation.class));
        } catch (RegistryException e) {
            return new Outcome.Failed(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return new Outcome.Failed("the hub's invitation cannot be read: " + e.getMessage());
        }
    }

    private Outcome answer(Invitation invitation) {
        long round = invitation.round();
        if (round <= lastRound) {
            return new Outcome.Declined(round, "round " + round + " was answered already");
        }
        lastRound = round;
        if (!clock.instant().isBefore(invitation.deadline())) {
            return declined(round, "its deadline " + invitation.deadline() + " has passed");
        }
        Base base = base(invitation.model(), invitation.packageVersion());
        List<double[][]> windows = history.windows(invitation.model());
        if (windows.isEmpty()) {
            return declined(round, "no window of " + invitation.model() + " scored normal is recorded yet");
        }
        RoundPlan plan = invitation.plan();
        TrainingWindows data = TrainingWindows.of(windows, base.manifest(), base.graph());
        var shape = new NetworkShape(base.graph().sizes(), base.graph().activations());
        // a fresh participant per round, on this round's history: with lossy compression the error-feedback
        // residual does not carry over between live rounds (the simulation keeps it)
        Participant p = new Participant(identity, shape, data.data(), data.stats(), round);
        ModelUpdate update = p.train(plan, invitation.globalWeights());
        try {
            client.sendUpdate(Json.mapper().writeValueAsBytes(UpdateMessage.of(update)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        LOG.info(
                "federated round {} of {}: sent an update trained on {} windows (loss {}, {} bytes)",
                round,
                invitation.model(),
                windows.size(),
                String.format(java.util.Locale.ROOT, "%.4g", update.trainingLoss()),
                update.wireBytes());
        return new Outcome.Answered(round, update.wireBytes());
    }

    private static Outcome declined(long round, String reason) {
        LOG.info("federated round {}: not taking part, {}", round, reason);
        return new Outcome.Declined(round, reason);
    }

    private Base base(String model, String version) {
        return packages.computeIfAbsent(model + "@" + version, ref -> {
            var files = PackageArchive.unpack(client.download(model, version), MAX_PACKAGE_BYTES);
            try {
                return new Base(
                        Json.mapper().readValue(files.manifest(), ModelManifest.class), DenseGraph.read(files.onnx()));
            } catch (IOException e) {
                throw new IllegalArgumentException("the manifest of " + ref + " cannot be read: " + e.getMessage());
            }
        });
    }

    @Override
    public void close() {
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
