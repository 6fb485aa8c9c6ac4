/**
 * {@code vigil scan}: safe fingerprinting of Modbus TCP, OPC UA, Siemens S7, EtherNet/IP and BACnet/IP devices and
 * MQTT brokers.
 *
 * <p>{@link io.vigil.adapters.scan.Scanner} walks the operator's targets host by host (one connection per host at a
 * time, a few hosts in parallel), runs the native {@link io.vigil.adapters.scan.Probe} for each port and returns one
 * {@link io.vigil.adapters.scan.ScanResult} per target. Every outgoing frame passes
 * {@link io.vigil.adapters.scan.FrameGuard}, which refuses anything but identification and read requests, and an
 * {@link io.vigil.adapters.scan.Exchange}, which paces frames to one host and bounds every wait. The probes live in
 * {@code modbus}, {@code opcua}, {@code s7}, {@code enip}, {@code bacnet} and {@code mqtt} below this package (BACnet
 * over UDP through a {@link io.vigil.adapters.scan.DatagramExchange}); they share nothing with the drivers in
 * {@code io.vigil.adapters.modbus} and {@code io.vigil.adapters.opcua}.
 */
package io.vigil.adapters.scan;
