/**
 * The agent's part in federated learning: a bounded {@link io.vigil.edge.federated.TrainingHistory} of the windows
 * the serving version scored normal (raw rows; they never leave the agent), and a
 * {@link io.vigil.edge.federated.RoundParticipant} that polls the hub's registry channel for invitations, trains
 * locally with model-runtime's {@code Participant} and sends the signed update back the same way.
 */
package io.vigil.edge.federated;
