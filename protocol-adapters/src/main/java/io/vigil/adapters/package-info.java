/**
 * PLC drivers behind the core {@link io.vigil.core.device.DeviceAdapter} SPI, one package per protocol, each found
 * through its {@link io.vigil.core.device.DeviceAdapterProvider} (ServiceLoader).
 *
 * <ul>
 *   <li>{@code modbus}: Modbus TCP through j2mod; address grammar, register codec, read coalescing, learned request
 *       limits.
 *   <li>{@code opcua}: OPC UA through the Eclipse Milo client; reads, subscriptions, security and trust, browsing
 *       ({@code vigil browse}).
 *   <li>{@code s7}: Siemens S7 (S7comm over ISO-on-TCP) through Apache PLC4X; polling of DB, M, I and Q areas.
 * </ul>
 *
 * The protocol packages never depend on each other. The scanner ({@code io.vigil.adapters.scan}, module
 * protocol-adapters/scan) and the plant simulator ({@code io.vigil.adapters.sim}, module protocol-adapters/sim) are
 * modules of their own: the drivers depend on neither (the drivers' ITs use the simulator as a peer, at test scope).
 */
package io.vigil.adapters;
