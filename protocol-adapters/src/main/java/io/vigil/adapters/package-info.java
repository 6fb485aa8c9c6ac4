/**
 * PLC drivers behind the core {@link io.vigil.core.device.DeviceAdapter} SPI, one package per protocol, each found
 * through its {@link io.vigil.core.device.DeviceAdapterProvider}; the scanner; and the plant simulator.
 *
 * <ul>
 *   <li>{@code modbus}: Modbus TCP through j2mod; address grammar, register codec, read coalescing, learned request
 *       limits.
 *   <li>{@code opcua}: OPC UA through the Eclipse Milo client; reads, subscriptions, security, browsing.
 *   <li>{@code s7}: Siemens S7 through Apache PLC4X; DB, M, I and Q areas.
 *   <li>{@code scan}: {@code vigil scan}, safe fingerprinting with its own minimal probes per protocol (it shares
 *       nothing with the drivers).
 *   <li>{@code sim}: a simulated pump station served over Modbus TCP and OPC UA, with injectable faults, for the demo
 *       and for tests.
 * </ul>
 *
 * The protocol packages never depend on each other; {@code sim} only depends on them for the tag layout it publishes.
 */
package io.vigil.adapters;
