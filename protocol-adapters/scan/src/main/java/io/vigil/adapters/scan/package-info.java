/**
 * {@code vigil scan}: safe fingerprinting of Modbus TCP, OPC UA, Siemens S7, EtherNet/IP and BACnet/IP devices and
 * MQTT brokers. This is the scan core of the {@code vigil-scan} module (protocol-adapters/scan).
 *
 * <p>{@link io.vigil.adapters.scan.Scanner} walks the operator's targets host by host (one connection per host at a
 * time, a few hosts in parallel), runs the native {@link io.vigil.adapters.scan.Probe} for each port and returns one
 * {@link io.vigil.adapters.scan.ScanResult} per target. Every outgoing frame passes
 * {@link io.vigil.adapters.scan.FrameGuard}, which refuses anything but identification and read requests, and an
 * {@link io.vigil.adapters.scan.Exchange}, which paces frames to one host and bounds every wait (UDP through a
 * {@link io.vigil.adapters.scan.DatagramExchange}). {@link io.vigil.adapters.scan.ScanCommand} is the command line and
 * {@link io.vigil.adapters.scan.AgentConfigDraft} turns results into a draft agent configuration.
 *
 * <p>The probes live in one sub-package per protocol ({@code modbus}, {@code opcua}, {@code s7}, {@code enip},
 * {@code bacnet}, {@code mqtt}) and reach the scanner through a {@link io.vigil.adapters.scan.ProbeProvider} listed in
 * {@code META-INF/services}: they depend on this package, this package never on them, and they never on each other
 * (ArchUnit checks both). A new protocol is one sub-package, its provider and one line in that file. The scanner
 * shares nothing with the drivers or the simulator.
 */
package io.vigil.adapters.scan;
