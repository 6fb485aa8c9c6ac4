/**
 * What travels with a model between the trainer, the hub's registry and the agent: the {@link ModelManifest} of a
 * package (inputs, window, {@link Scaler}, threshold, and the training {@link Reference} of {@link Distribution}s
 * for drift) and the registry's {@link Assignment} for an agent.
 */
package io.vigil.core.model;
