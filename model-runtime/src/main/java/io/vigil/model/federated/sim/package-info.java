/**
 * Federations in one process: {@link io.vigil.model.federated.sim.Federation} runs N participants and the coordinator
 * over an in-process transport with a simulated clock, and the SKAB and C-MAPSS scenarios compare the result with
 * central and local-only training. Backs {@code vigil fl simulate}.
 */
package io.vigil.model.federated.sim;
