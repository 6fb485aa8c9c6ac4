/**
 * Federated learning, live: the hub's side of rounds over the agents' registry channel.
 *
 * <p>{@link io.vigil.hub.federated.FederatedRounds} runs one {@code RoundCoordinator} per round (model-runtime) on
 * worker threads; {@link io.vigil.hub.federated.PolledInvitations} is its {@code RoundTransport}: an invitation waits
 * until the selected agent polls for it, and the agent's signed update answers it. Why the registry's HTTPS API and
 * not Sparkplug commands: it is the channel that already admits an agent by its enrolled certificate as that agent
 * and nobody else ({@code Permissions} rows for agents with {@code :agent} equal to the certificate's CN), the agent
 * already polls it for assignments, and it leaves the Sparkplug messages (and the TCK that runs on them) untouched.
 * {@link io.vigil.hub.federated.AgentKeys} holds the Ed25519 keys agents sign updates with, registered through that
 * channel. A closed round's weights become a new version of the model in the registry that enters shadow on its own.
 * {@link io.vigil.hub.federated.FederatedRoutes} are the REST routes.
 */
package io.vigil.hub.federated;
