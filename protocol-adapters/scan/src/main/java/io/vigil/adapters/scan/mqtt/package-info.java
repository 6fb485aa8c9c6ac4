/**
 * MQTT broker identification for {@code vigil scan}, on plain TCP and over TLS:
 * {@link io.vigil.adapters.scan.mqtt.MqttProbe} sends one CONNECT without credentials and classifies the CONNACK (over
 * TLS it also reports the server's certificate); {@link io.vigil.adapters.scan.mqtt.MqttFrames} holds the three MQTT
 * 3.1.1 packets involved. Never subscribes or publishes. Depends only on the scan core.
 */
package io.vigil.adapters.scan.mqtt;
