/**
 * Training: {@link io.vigil.model.train.AutoencoderTrainer} fits a scaler and a dense autoencoder on normal data in
 * pure Java, picks the threshold and writes a model package. ONNX Runtime has no Java training API on Maven Central,
 * and the networks are small enough that plain loops train them in seconds.
 */
package io.vigil.model.train;
