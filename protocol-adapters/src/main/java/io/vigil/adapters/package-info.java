/**
 * PLC drivers behind the core {@link io.vigil.core.device.DeviceAdapter} SPI, one package per protocol, and the plant
 * simulator that speaks them.
 *
 * <ul>
 *   <li>{@code modbus}: Modbus TCP through j2mod; address grammar, register codec, read coalescing.
 *   <li>{@code opcua}: OPC UA through the Eclipse Milo client; reads and subscriptions.
 *   <li>{@code sim}: a simulated pump station served over Modbus TCP and OPC UA, with injectable faults, for the demo
 *       and for tests.
 * </ul>
 *
 * The protocol packages never depend on each other; {@code sim} only depends on them for the tag layout it publishes.
 */
package io.vigil.adapters;
