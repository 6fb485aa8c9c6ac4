/**
 * Scoring: the one {@link ScoringWorker} thread batches ready windows per model, a {@link ModelScorer} per model
 * scores them and raises anomaly events, and a {@link ModelSlot} holds the serving version so a new one is swapped
 * in without dropping or repeating a window.
 */
package io.vigil.edge.score;
