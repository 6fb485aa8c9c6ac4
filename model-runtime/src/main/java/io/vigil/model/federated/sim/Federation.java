package io.vigil.model.federated.sim;

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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * N participants and one coordinator in one process, over an {@link InProcessTransport}: the coordinator's invitation
 * goes to each selected participant through {@link io.vigil.model.federated.RoundTransport#invite}, its signed update
 * comes back to {@link RoundCoordinator#submit}. The same
 * classes a live hub and agent use; only the wire is missing. Agents answer one after another (deterministic, and the
 * machine has few cores); the clock is simulated, so a dead agent costs a deadline, not real waiting.
 */
public final class Federation {
    private final List<Participant> participants;
    private final InProcessTransport transport;
    private final Settings settings;
    private final Consumer<String> progress;

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
     * @param bytesPerAgentPerRound mean bytes one participant sent and received per round (its update + the global
     *     model, dense in round 1 and with lossless compression, else as a compressed difference)
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
        // answers run on the calling thread, one after another: deterministic, and the machine has few cores
        this.transport = new InProcessTransport(participants, faults, Runnable::run);
        this.settings = settings;
        this.progress = progress;
    }

    public Result run(float[] initial, Map<String, PublicKey> enrolled, long seed) {
        SteppedClock clock = new SteppedClock(Instant.parse("2026-01-01T00:00:00Z"));
        List<RoundEvent> events = new ArrayList<>();
        RoundCoordinator hub =
                new RoundCoordinator(settings.firstPlan().modelId(), initial, enrolled, clock, events::add, seed);
        List<String> agents = participants.stream().map(Participant::agentId).toList();
        SplittableRandom random = new SplittableRandom(seed);
        RoundPlan plan = settings.firstPlan();
        long totalBytes = 0;
        long uploadBytes = 0;
        long denseBytes = 0;
        Broadcast broadcast = new Broadcast();
        long answersCount = 0;
        List<long[]> counted = Collections.synchronizedList(new ArrayList<>());
        int ok = 0;
        int failed = 0;
        for (int r = 1; r <= settings.rounds(); r++) {
            RoundCoordinator.Invite opened = hub.open(plan, agents, settings.perRound());
            byte[] download = broadcast.next(opened.global(), plan.compression());
            RoundCoordinator.Invite invite =
                    new RoundCoordinator.Invite(opened.plan(), broadcast.held(), opened.participants());
            totalBytes += (long) download.length * invite.participants().size();
            if (settings.secure()) {
                long b = secureRound(hub, invite, random);
                totalBytes += b * invite.participants().size();
                uploadBytes += b * invite.participants().size();
                answersCount += invite.participants().size();
            } else {
                List<CompletableFuture<Void>> answers = new ArrayList<>();
                for (String agent : invite.participants()) {
                    answers.add(transport
                            .invite(agent, invite)
                            .toCompletableFuture()
                            .thenAccept(u ->
                                    u.ifPresent(update -> counted.add(receive(hub, update, invite.global().length)))));
                }
                CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new))
                        .join();
                for (long[] c : counted) {
                    uploadBytes += c[0];
                    denseBytes += c[1];
                    totalBytes += c[0];
                    answersCount++;
                }
                counted.clear();
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
                    Locale.ROOT,
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
                uploadBytes / (double) Math.max(1, answersCount),
                settings.secure() ? 0 : denseBytes / (double) Math.max(1, answersCount),
                rejections,
                events);
    }

    /**
     * What the hub sends the fleet each round. The first round (and any lossless plan) sends the global weights dense;
     * after that, with a lossy compression, it sends the difference between the new global weights and what the
     * agents already hold, compressed like the updates. The difference is always taken from what was actually
     * delivered, so what one broadcast leaves out is in the next one (error feedback on the download). Agents train
     * from the weights they hold, a little behind the hub's exact ones; their deltas still apply to the exact ones.
     * Every agent of the simulation takes part in every round; a live hub sends a dense copy to an agent that missed
     * a broadcast.
     */
    private static final class Broadcast {
        private float[] held;

        byte[] next(float[] global, Compression c) {
            if (held == null || c.lossless()) {
                held = global.clone();
                return DeltaCodec.encode(global, Compression.NONE);
            }
            float[] difference = new float[global.length];
            for (int i = 0; i < global.length; i++) {
                difference[i] = global[i] - held[i];
            }
            byte[] payload = DeltaCodec.encode(difference, c);
            float[] delivered = DeltaCodec.decode(payload);
            for (int i = 0; i < held.length; i++) {
                held[i] += delivered[i];
            }
            return payload;
        }

        float[] held() {
            return held.clone();
        }
    }

    /** Submits {@code u} and closes the round if that was due; returns its wire bytes and its dense equivalent. */
    private static long[] receive(RoundCoordinator hub, ModelUpdate u, int dimension) {
        hub.submit(u);
        hub.closeIfDue();
        return new long[] {u.wireBytes(), u.wireBytes() - u.payload().length + 9 + 4L * dimension};
    }

    /** One secure-aggregation round; returns the mean bytes per participant. */
    private long secureRound(RoundCoordinator hub, RoundCoordinator.Invite invite, SplittableRandom r) {
        Map<String, float[]> deltas = new LinkedHashMap<>();
        for (String agent : invite.participants()) {
            deltas.put(
                    agent,
                    transport
                            .participant(agent)
                            .trainDelta(invite.plan(), invite.global())
                            .delta());
        }
        List<String> shuffled = new ArrayList<>(invite.participants());
        Collections.shuffle(shuffled, new Random(r.nextLong()));
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
