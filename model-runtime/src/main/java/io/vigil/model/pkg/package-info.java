/**
 * Model packages on disk: a directory holding {@code manifest.json} (a core {@code ModelManifest}) and
 * {@code model.onnx}, tied together by the manifest's sha256. Reading verifies, writing computes.
 */
package io.vigil.model.pkg;
