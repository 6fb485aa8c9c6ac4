/**
 * The Vigil hub application. {@link io.vigil.hub.Hub} assembles a running hub from an immutable
 * {@link io.vigil.hub.HubConfiguration} in named parts (storage, ingestion, HTTP, plus the cluster membership);
 * {@link io.vigil.hub.HubCommand} is {@code vigil hub}, its options one picocli mixin per concern. Features live in
 * sub-packages: {@code store} (PostgreSQL: write path, queries, rollups, schema), {@code ingest} (MQTT/Sparkplug,
 * embedded endpoint or external broker), {@code api} (REST, metrics, OpenAPI, static twin), {@code live} (WebSocket),
 * {@code models} (model registry), {@code security} (certificates, login, setup commands) and {@code cluster}
 * (several hubs sharing one broker and database).
 */
package io.vigil.hub;
