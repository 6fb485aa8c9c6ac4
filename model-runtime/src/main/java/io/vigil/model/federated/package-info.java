/**
 * Federated learning, transport-agnostic: a {@link io.vigil.model.federated.RoundCoordinator} (the hub's side) opens
 * rounds from a {@link io.vigil.model.federated.RoundPlan}, checks every signed
 * {@link io.vigil.model.federated.ModelUpdate} and aggregates the accepted ones; a
 * {@link io.vigil.model.federated.Participant} (the agent's side) trains the global weights on its own data and answers
 * with a weight delta. Sub-packages: {@code aggregate} (FedAvg and the robust rules), {@code compress} (top-k, int8,
 * error feedback), {@code privacy} (clipping, Gaussian noise, RDP accountant), {@code secure} (pairwise masking with
 * Shamir-shared seeds), {@code sim} (N participants in one process over the same classes). See docs/FEDERATED.md.
 */
package io.vigil.model.federated;
