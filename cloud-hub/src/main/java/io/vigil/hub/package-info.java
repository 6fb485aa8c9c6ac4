/**
 * The Vigil hub application: {@link io.vigil.hub.Hub} wires the store, ingest, API and live feed together;
 * {@link io.vigil.hub.HubCommand} is {@code vigil hub}. Features live in sub-packages: {@code store} (PostgreSQL),
 * {@code ingest} (MQTT/Sparkplug), {@code api} (REST, metrics, static twin), {@code live} (WebSocket).
 */
package io.vigil.hub;
