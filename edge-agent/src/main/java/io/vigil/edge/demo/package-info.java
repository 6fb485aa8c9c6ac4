/**
 * {@code vigil demo}: the whole chain on one machine. A plant simulator (Modbus TCP and OPC UA servers), a hub
 * (embedded MQTT endpoint, embedded PostgreSQL, REST, twin) and an agent run in one process but talk over real
 * loopback sockets, exactly as they would on separate machines.
 */
package io.vigil.edge.demo;
