package io.vigil.hub.federated;

import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.RoundCoordinator;
import io.vigil.model.federated.RoundTransport;
import io.vigil.model.federated.wire.Invitation;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * A {@link RoundTransport} over polling: {@link #invite} parks the invitation until its agent asks for it ({@link
 * #pending}), and the agent's update completes it ({@link #answer}). Agents behind NAT or a plant firewall only ever
 * connect out, which is why the hub never calls them. An invitation nobody picks up simply stays until the round ends
 * ({@link #withdrawAll}): the round's deadline, not this class, decides how long to wait.
 */
final class PolledInvitations implements RoundTransport {
    private record Parked(Invitation invitation, CompletableFuture<Optional<ModelUpdate>> answer) {}

    private final ConcurrentHashMap<String, Parked> parked = new ConcurrentHashMap<>();
    private final Function<RoundCoordinator.Invite, Invitation> wire;

    /** @param wire turns the coordinator's invitation into what an agent receives */
    PolledInvitations(Function<RoundCoordinator.Invite, Invitation> wire) {
        this.wire = wire;
    }

    @Override
    public CompletionStage<Optional<ModelUpdate>> invite(String agentId, RoundCoordinator.Invite invite) {
        var answer = new CompletableFuture<Optional<ModelUpdate>>();
        Parked old = parked.put(agentId, new Parked(wire.apply(invite), answer));
        if (old != null) {
            old.answer().complete(Optional.empty());
        }
        return answer;
    }

    /** The invitation waiting for {@code agentId}, if any. */
    Optional<Invitation> pending(String agentId) {
        return Optional.ofNullable(parked.get(agentId)).map(Parked::invitation);
    }

    /**
     * Hands {@code update} to the round that invited its agent; false when no invitation was waiting (the caller
     * gives the update to the coordinator directly, which refuses it with its code).
     */
    boolean answer(String agentId, ModelUpdate update) {
        Parked p = parked.remove(agentId);
        if (p == null) {
            return false;
        }
        p.answer().complete(Optional.of(update));
        return true;
    }

    /** Ends every invitation of a round that closed or stopped: those agents declined, as far as it is concerned. */
    void withdrawAll() {
        parked.forEach((agent, p) -> {
            if (parked.remove(agent, p)) {
                p.answer().complete(Optional.empty());
            }
        });
    }
}
