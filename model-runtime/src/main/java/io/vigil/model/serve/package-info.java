/**
 * Serving: {@link io.vigil.model.serve.OnnxModel} runs a verified package in ONNX Runtime, and
 * {@link io.vigil.model.serve.WindowEncoder} is the one place raw rows become the graph's input.
 */
package io.vigil.model.serve;
