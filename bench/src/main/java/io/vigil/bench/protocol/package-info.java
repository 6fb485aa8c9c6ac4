/**
 * The protocol benchmarks: {@code vigil bench modbus-poll} (Vigil's Modbus adapter against j2mod and pymodbus's
 * client, same server, same run; the Python side runs under the testing kit's {@link io.vigil.testing.PeerProcess}),
 * {@code opcua-subscribe} (many monitored items on a Milo server) and {@code scan} (the scanner over a
 * {@link LoopbackFleet} with its etiquette on).
 */
package io.vigil.bench.protocol;
