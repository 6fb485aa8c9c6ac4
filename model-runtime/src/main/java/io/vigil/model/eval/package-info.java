/**
 * {@code vigil model eval}: the published protocols of SKAB ({@link SkabEvaluation}) and C-MAPSS FD001 ({@link
 * CmapssEvaluation}), run on Vigil's models as they are served at the edge (exported to ONNX, scored by ONNX
 * Runtime through {@link io.vigil.model.serve.SeriesScorer}); {@link Alarms} counts events as the agent raises them.
 */
package io.vigil.model.eval;
