/**
 * How a round's invitation and an agent's update travel between hub and agent: JSON objects (Jackson, so the hub and
 * the agent share one definition) with the weights and the {@link io.vigil.model.federated.compress.DeltaCodec}
 * payload in base64. The update's signature covers {@link io.vigil.model.federated.ModelUpdate#signedBytes()}, not the
 * JSON, so the encoding may change without breaking a signature.
 */
package io.vigil.model.federated.wire;
