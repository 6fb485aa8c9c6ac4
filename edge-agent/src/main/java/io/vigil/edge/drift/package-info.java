/**
 * Drift at the edge: a {@link DriftMonitor} per asset and model compares live inputs and scores with the training
 * reference in the manifest ({@link Divergence}: PSI and Kolmogorov-Smirnov) and raises a {@link DriftEvent} when
 * the {@link DriftPolicy} says a feature moved.
 */
package io.vigil.edge.drift;
