package io.vigil.edge.federated;

import java.util.List;

/**
 * The agent's local training history: raw windows (rows of the model's input tags, oldest first) that the serving
 * version scored normal, per model. An interface so the durable edge store can replace the in-memory
 * {@link BoundedTrainingHistory} without touching the participant.
 */
public interface TrainingHistory {
    /** Keeps a copy of {@code rows} for {@code model}; the history may drop older windows to stay in bounds. */
    void record(String model, double[][] rows);

    /** The windows kept for {@code model}, oldest first (a copy). */
    List<double[][]> windows(String model);
}
