/**
 * {@code vigil bench inference}, {@code inference-jmh} and {@code hotswap}: ONNX Runtime scoring per window and per
 * core, fp32 against int8, and scoring through the agent's own path while the model is swapped. {@link BenchModels}
 * writes the packages all three run.
 */
package io.vigil.bench.inference;
