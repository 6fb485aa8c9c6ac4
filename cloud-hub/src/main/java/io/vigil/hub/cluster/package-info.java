/**
 * Several hubs as one: Vert.x clustered over Hazelcast (TCP-IP join with a fixed member list, no multicast, no
 * phone-home), so the live feed reaches WebSocket clients on every node. Only loaded with {@code vigil hub --cluster};
 * a single hub never touches Hazelcast. Ingest is shared through the broker's shared subscription and storage through
 * one PostgreSQL, not through the cluster.
 */
package io.vigil.hub.cluster;
