/**
 * ONNX export: dense layers ({@link io.vigil.model.onnx.Dense}) written as an ONNX graph by
 * {@link io.vigil.model.onnx.OnnxGraphWriter}, with the anomaly score computed inside the graph.
 */
package io.vigil.model.onnx;
