/** Differential privacy of federated rounds: clipping, Gaussian noise, and the RDP accountant that reports (ε, δ). */
package io.vigil.model.federated.privacy;
