/**
 * The write path: {@link io.vigil.hub.store.write.ChangeWriter} applies a batch of agent {@link
 * io.vigil.hub.store.write.Change}s in one transaction on its own connection, samples going in by binary COPY
 * ({@link io.vigil.hub.store.write.SampleCopy}, {@link io.vigil.hub.store.write.CopyMode}) so that a redelivered
 * message adds no row. One writer per ingest loop; they share one {@link io.vigil.hub.store.write.Presence}.
 */
package io.vigil.hub.store.write;
