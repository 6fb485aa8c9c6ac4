/**
 * OPC UA through the Eclipse Milo client: the {@link OpcUaAdapter} reads and subscribes (monitored items created in
 * pipelined batches, re-subscribed after a server restart), {@link OpcUaConnector} opens secured sessions with the
 * agent's {@link ClientCertificate}, {@link OpcUaBrowser} lists a server's variables for {@code vigil browse}
 * ({@link BrowseCommand}) and {@code vigil scan --emit-config}.
 */
package io.vigil.adapters.opcua;
