package io.vigil.model.train;

/** Hears about training progress, once per epoch (a CLI prints it, the hub streams it to the browser). */
@FunctionalInterface
public interface TrainingListener {
    TrainingListener NONE = (epoch, epochs, loss) -> {};

    /**
     * @param epoch 1-based epoch just finished
     * @param epochs total epochs
     * @param loss mean squared reconstruction error over the epoch's mini-batches
     */
    void epochDone(int epoch, int epochs, double loss);
}
