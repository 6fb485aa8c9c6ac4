/**
 * Sparkplug B ingest. Data arrives through the embedded MQTT endpoint agents publish to
 * ({@link io.vigil.hub.ingest.MqttIngest}) or, in external broker mode, through MQTT 5 sessions to a broker
 * ({@link io.vigil.hub.ingest.BrokerIngest}, one {@link io.vigil.hub.ingest.BrokerSession} per writer);
 * {@link io.vigil.hub.ingest.SparkplugHost} keeps the host application's view of each edge node (births, aliases,
 * sequence numbers, deaths). {@link io.vigil.hub.ingest.CommitLoops} runs {@code --writers} writer threads
 * ({@link io.vigil.hub.ingest.CommitLoop}), each with its own database connection; a connection or session is served
 * by one writer for its life, so its acknowledgements keep its publish order. A QoS 1 message is acknowledged only
 * after its rows are committed, and a writer whose queue fills pauses the sockets it serves (TCP back-pressure).
 */
package io.vigil.hub.ingest;
