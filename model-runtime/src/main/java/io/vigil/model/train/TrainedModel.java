package io.vigil.model.train;

import io.vigil.core.model.ModelManifest;
import java.util.List;

/**
 * The result of training before it touches a disk: the complete manifest (sha256 included), the ONNX bytes, the Java
 * network they were exported from, and the loss of each epoch.
 *
 * @param manifest ready to be written next to {@code onnx}
 * @param onnx the {@code model.onnx} bytes
 * @param network the same weights as a Java forward pass
 * @param epochLosses mean training loss per epoch, first epoch first
 * @param trainingScores the score of every training window, in time order
 */
public record TrainedModel(
        ModelManifest manifest, byte[] onnx, Autoencoder network, List<Double> epochLosses, float[] trainingScores) {
    public TrainedModel {
        onnx = onnx.clone();
        epochLosses = List.copyOf(epochLosses);
        trainingScores = trainingScores.clone();
    }

    @Override
    public byte[] onnx() {
        return onnx.clone();
    }

    @Override
    public float[] trainingScores() {
        return trainingScores.clone();
    }
}
