package io.vigil.model.federated;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * How the coordinator's invitation reaches a participant and its update comes back: one async call per invitation.
 * The simulation implements it in process; the hub will implement it over the agent's authenticated channel.
 *
 * <p>The stage completes with the agent's update, with empty when the agent declined or is known to be gone, or never
 * (an agent that died silently): the coordinator does not depend on it completing, the round's deadline does.
 */
public interface RoundTransport {
    CompletionStage<Optional<ModelUpdate>> invite(String agentId, RoundCoordinator.Invite invite);
}
