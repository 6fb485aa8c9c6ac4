/**
 * Secure aggregation: pairwise X25519 masks and Shamir-shared seeds (Bonawitz et al. 2017), so the hub learns the sum of
 * a round's deltas and nothing else, and the round completes when up to a third of its agents drop after masking.
 * Threat model in docs/FEDERATED.md.
 */
package io.vigil.model.federated.secure;
