package io.vigil.model.federated.sim;

import io.vigil.model.federated.AgentIdentity;
import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.Participant;
import io.vigil.model.federated.RoundCoordinator;
import io.vigil.model.federated.RoundEvent;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.compress.Compression;
import io.vigil.model.federated.compress.DeltaCodec;
import io.vigil.model.federated.secure.SecureRound;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * N participants and one coordinator in one process, over an in-process transport: the coordinator's invitation is
 * handed to each selected participant, its signed update handed back to {@link RoundCoordinator#submit}. The same
 * classes a live hub and agent use; only the wire is missing. Agents answer one after another (deterministic, and the
 * machine has few cores); the clock is simulated, so a dead agent costs a deadline, not real waiting.
 */
public final class Federation {
    private final List<Participant> participants;
    private final Map<String, Fault> faults;
    private final Settings settings;
    private final Consumer<String> progress;
    private final AgentIdentity impostor = AgentIdentity.generate("impostor");

    /**
     * @param rounds rounds to run
     * @param perRound participants invited per round (all: the fleet's size)
     * @param firstPlan round 1's plan; later rounds repeat it from the new version
     * @param roundPeriod simulated time a round takes in the field (deadline), for the bandwidth figure
     * @param secure secure aggregation instead of plain updates ({@code dropAfterMasking} agents drop each round)
     * @param dropAfterMasking per round, agents that mask and then vanish (secure mode only)
     */
    public record Settings(
            int rounds, int perRound, RoundPlan firstPlan, Duration roundPeriod, boolean secure, int dropAfterMasking) {
        public Settings {
            if (rounds < 1 || perRound < 1 || dropAfterMasking < 0) {
                throw new IllegalArgumentException("rounds " + rounds + " and perRound " + perRound
                        + " must be >= 1, dropAfterMasking " + dropAfterMasking + " >= 0");
            }
        }
    }

    /**
     * What the run produced.
     *
     * @param global the final weights
     * @param rounds rounds that closed with a new version
     * @param failedRounds rounds short of their quorum
     * @param bytesPerAgentPerRound mean bytes one participant sent and received per round (update + global download)
     * @param uploadBytesPerAgentPerRound the update alone
     * @param denseUploadBytesPerAgentPerRound the same deltas encoded dense float32, for comparison
     * @param rejections per rejection code
     * @param events everything the coordinator reported
     */
    public record Result(
            float[] global,
            int rounds,
            int failedRounds,
            double bytesPerAgentPerRound,
            double uploadBytesPerAgentPerRound,
            double denseUploadBytesPerAgentPerRound,
            Map<String, Integer> rejections,
            List<RoundEvent> events) {}

    public Federation(
            List<Participant> participants, Map<String, Fault> faults, Settings settings, Consumer<String> progress) {
        this.participants = List.copyOf(participants);
        this.faults = Map.copyOf(faults);
        this.settings = settings;
        this.progress = progress;
    }

    public Result run(float[] initial, Map<String, PublicKey> enrolled, long seed) {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<RoundEvent> events = new ArrayList<>();
        RoundCoordinator hub =
                new RoundCoordinator(settings.firstPlan().modelId(), initial, enrolled, clock, events::add, seed);
        Map<String, Participant> byId = new LinkedHashMap<>();
        participants.forEach(p -> byId.put(p.agentId(), p));
        Map<String, ModelUpdate> previous = new HashMap<>();
        SplittableRandom random = new SplittableRandom(seed);
        RoundPlan plan = settings.firstPlan();
        long totalBytes = 0;
        long uploadBytes = 0;
        long denseBytes = 0;
        long answers = 0;
        int ok = 0;
        int failed = 0;
        for (int r = 1; r <= settings.rounds(); r++) {
            RoundCoordinator.Invite invite = hub.open(plan, byId.keySet(), settings.perRound());
            int download = DeltaCodec.encode(invite.global(), Compression.NONE).length;
            totalBytes += (long) download * invite.participants().size();
            if (settings.secure()) {
                long b = secureRound(hub, invite, byId, random);
                totalBytes += b * invite.participants().size();
                uploadBytes += b * invite.participants().size();
                answers += invite.participants().size();
            } else {
                for (String agent : invite.participants()) {
                    Fault fault = faults.get(agent);
                    ModelUpdate u = answer(byId.get(agent), fault, invite, previous);
                    if (u == null) {
                        continue;
                    }
                    previous.put(agent, u);
                    hub.submit(u);
                    totalBytes += u.wireBytes();
                    uploadBytes += u.wireBytes();
                    denseBytes += u.wireBytes() - u.payload().length + 9 + 4L * invite.global().length;
                    answers++;
                    if (hub.closeIfDue().isPresent()) {
                        break;
                    }
                }
            }
            if (hub.isOpen()) {
                clock.advance(Duration.between(clock.instant(), plan.deadline()));
                hub.closeIfDue();
            }
            RoundEvent.Closed closed = (RoundEvent.Closed) events.stream()
                    .filter(e -> e instanceof RoundEvent.Closed)
                    .reduce((a, b) -> b)
                    .orElseThrow();
            if (closed.failed()) {
                failed++;
            } else {
                ok++;
            }
            progress.accept(String.format(
                    java.util.Locale.ROOT,
                    "round %d: %s, %d aggregated, version %d",
                    r,
                    closed.failed() ? "FAILED (quorum)" : "closed",
                    closed.aggregated().size(),
                    closed.newVersion()));
            clock.advance(Duration.ofSeconds(1));
            plan = plan.next(hub.version(), clock.instant().plus(settings.roundPeriod()));
        }
        Map<String, Integer> rejections = new LinkedHashMap<>();
        events.stream()
                .filter(e -> e instanceof RoundEvent.Rejected)
                .forEach(
                        e -> rejections.merge(((RoundEvent.Rejected) e).reason().code(), 1, Integer::sum));
        long invited = (long) settings.rounds() * Math.min(settings.perRound(), participants.size());
        return new Result(
                hub.global(),
                ok,
                failed,
                totalBytes / (double) invited,
                uploadBytes / (double) Math.max(1, answers),
                settings.secure() ? 0 : denseBytes / (double) Math.max(1, answers),
                rejections,
                events);
    }

    /** The participant's answer under {@code fault}, or null when it dies. */
    private ModelUpdate answer(
            Participant p, Fault fault, RoundCoordinator.Invite invite, Map<String, ModelUpdate> previous) {
        RoundPlan plan = invite.plan();
        if (fault == null) {
            return p.train(plan, invite.global());
        }
        switch (fault) {
            case DIES:
                return null;
            case REPLAY:
                return previous.containsKey(p.agentId()) ? previous.get(p.agentId()) : p.train(plan, invite.global());
            case WRONG_SIGNER: {
                ModelUpdate honest = p.train(plan, invite.global());
                return new ModelUpdate(
                        honest.round(),
                        honest.agentId(),
                        honest.baseVersion(),
                        honest.payload(),
                        honest.sampleCount(),
                        honest.trainingLoss(),
                        honest.stats(),
                        impostor.sign(honest.signedBytes()));
            }
            default:
                Participant.Trained t = p.trainDelta(plan, invite.global());
                return p.sign(plan, DeltaCodec.encode(tamper(t.delta(), fault), plan.compression()), t.loss());
        }
    }

    private static float[] tamper(float[] delta, Fault fault) {
        switch (fault) {
            case SCALED_100:
                for (int i = 0; i < delta.length; i++) {
                    delta[i] *= 100;
                }
                return delta;
            case RANDOM: {
                double norm = io.vigil.model.federated.Clipping.norm(delta);
                java.util.Random g = new java.util.Random(7);
                double sd = 10 * norm / Math.sqrt(delta.length);
                for (int i = 0; i < delta.length; i++) {
                    delta[i] = (float) (g.nextGaussian() * sd);
                }
                return delta;
            }
            case NAN:
                delta[0] = Float.NaN;
                delta[delta.length - 1] = Float.POSITIVE_INFINITY;
                return delta;
            case WRONG_DIMENSION:
                return java.util.Arrays.copyOf(delta, delta.length - 1);
            default:
                throw new IllegalArgumentException("fault " + fault + " does not tamper with the delta");
        }
    }

    /** One secure-aggregation round; returns the mean bytes per participant. */
    private long secureRound(
            RoundCoordinator hub, RoundCoordinator.Invite invite, Map<String, Participant> byId, SplittableRandom r) {
        Map<String, float[]> deltas = new LinkedHashMap<>();
        for (String agent : invite.participants()) {
            deltas.put(
                    agent,
                    byId.get(agent).trainDelta(invite.plan(), invite.global()).delta());
        }
        List<String> shuffled = new ArrayList<>(invite.participants());
        java.util.Collections.shuffle(shuffled, new java.util.Random(r.nextLong()));
        Set<String> drop =
                new LinkedHashSet<>(shuffled.subList(0, Math.min(settings.dropAfterMasking(), shuffled.size())));
        SecureRound.Result result = SecureRound.run(
                invite.plan().round(), deltas, drop, invite.plan().clipNorm(), new SecureRandom());
        float[] mean = result.sum();
        for (int i = 0; i < mean.length; i++) {
            mean[i] /= result.contributors().size();
        }
        hub.closeWithAggregate(mean, result.contributors());
        return result.bytesPerAgent();
    }
}
