/**
 * OPC UA identification for {@code vigil scan} over the raw binary protocol, without the Milo stack:
 * {@link io.vigil.adapters.scan.opcua.OpcUaProbe} opens a secure channel with policy None and asks GetEndpoints, no
 * session; {@link io.vigil.adapters.scan.opcua.UaMessages} and {@link io.vigil.adapters.scan.opcua.UaBinary} encode and
 * decode the messages, {@link io.vigil.adapters.scan.opcua.UaEndpoint} is one endpoint as reported. Shares nothing with
 * the OPC UA driver in {@code io.vigil.adapters.opcua}; depends only on the scan core.
 */
package io.vigil.adapters.scan.opcua;
