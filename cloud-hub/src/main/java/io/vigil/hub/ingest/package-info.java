/**
 * Sparkplug B ingest: the embedded MQTT endpoint agents publish to ({@link io.vigil.hub.ingest.MqttIngest}), or the
 * sessions of an external MQTT 5 broker ({@link io.vigil.hub.ingest.BrokerIngest}), feeding a set of writer threads
 * ({@link io.vigil.hub.ingest.CommitLoops}, {@code --writers}), each with its own database connection and queue. A
 * connection is served by one writer for its whole life, so a QoS 1 message is acknowledged only after its rows are
 * committed, in the order it arrived; a full queue pauses the connections it serves.
 */
package io.vigil.hub.ingest;
