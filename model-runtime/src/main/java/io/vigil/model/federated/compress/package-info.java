/** Compression of deltas: top-k sparsification and int8 quantization, with per-agent error feedback. */
package io.vigil.model.federated.compress;
