/**
 * Sparkplug B ingest: the embedded MQTT endpoint agents publish to ({@link io.vigil.hub.ingest.MqttIngest}) and the
 * batching writer thread that commits what they publish ({@link io.vigil.hub.ingest.CommitLoop}). A QoS 1 message is
 * acknowledged only after its rows are committed, in the order it arrived.
 */
package io.vigil.hub.ingest;
