package io.vigil.model.federated.sim;

import io.vigil.model.federated.AgentIdentity;
import io.vigil.model.federated.Clipping;
import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.Participant;
import io.vigil.model.federated.RoundCoordinator;
import io.vigil.model.federated.RoundPlan;
import io.vigil.model.federated.RoundTransport;
import io.vigil.model.federated.compress.DeltaCodec;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Participants in the same JVM as the coordinator: an invitation runs the participant's local training on {@code
 * executor} and completes with its signed update. A participant may be given a {@link Fault}, applied to its answer
 * as a misbehaving agent would.
 */
public final class InProcessTransport implements RoundTransport {
    private final Map<String, Participant> participants = new LinkedHashMap<>();
    private final Map<String, Fault> faults;
    private final Executor executor;
    private final Map<String, ModelUpdate> previous = new ConcurrentHashMap<>();
    private final AgentIdentity impostor = AgentIdentity.generate("impostor");

    public InProcessTransport(List<Participant> participants, Map<String, Fault> faults, Executor executor) {
        participants.forEach(p -> this.participants.put(p.agentId(), p));
        this.faults = Map.copyOf(faults);
        this.executor = executor;
    }

    public Participant participant(String agentId) {
        Participant p = participants.get(agentId);
        if (p == null) {
            throw new IllegalArgumentException("no participant " + agentId + " in this process");
        }
        return p;
    }

    @Override
    public CompletionStage<Optional<ModelUpdate>> invite(String agentId, RoundCoordinator.Invite invite) {
        Participant p = participant(agentId);
        return CompletableFuture.supplyAsync(() -> answer(p, faults.get(agentId), invite), executor);
    }

    private Optional<ModelUpdate> answer(Participant p, Fault fault, RoundCoordinator.Invite invite) {
        RoundPlan plan = invite.plan();
        ModelUpdate u;
        if (fault == null) {
            u = p.train(plan, invite.global());
        } else if (fault == Fault.DIES) {
            return Optional.empty();
        } else if (fault == Fault.REPLAY && previous.containsKey(p.agentId())) {
            u = previous.get(p.agentId());
        } else if (fault == Fault.WRONG_SIGNER) {
            ModelUpdate honest = p.train(plan, invite.global());
            u = new ModelUpdate(
                    honest.round(),
                    honest.agentId(),
                    honest.baseVersion(),
                    honest.payload(),
                    honest.sampleCount(),
                    honest.trainingLoss(),
                    honest.stats(),
                    impostor.sign(honest.signedBytes()));
        } else if (fault == Fault.REPLAY) {
            u = p.train(plan, invite.global());
        } else {
            Participant.Trained t = p.trainDelta(plan, invite.global());
            u = p.sign(plan, DeltaCodec.encode(tamper(t.delta(), fault), plan.compression()), t.loss());
        }
        previous.put(p.agentId(), u);
        return Optional.of(u);
    }

    private static float[] tamper(float[] delta, Fault fault) {
        switch (fault) {
            case SCALED_100:
                for (int i = 0; i < delta.length; i++) {
                    delta[i] *= 100;
                }
                return delta;
            case RANDOM:
                double sd = 10 * Clipping.norm(delta) / Math.sqrt(delta.length);
                Random g = new Random(7);
                for (int i = 0; i < delta.length; i++) {
                    delta[i] = (float) (g.nextGaussian() * sd);
                }
                return delta;
            case NAN:
                delta[0] = Float.NaN;
                delta[delta.length - 1] = Float.POSITIVE_INFINITY;
                return delta;
            case WRONG_DIMENSION:
                return Arrays.copyOf(delta, delta.length - 1);
            default:
                throw new IllegalArgumentException("fault " + fault + " does not tamper with the delta");
        }
    }
}
