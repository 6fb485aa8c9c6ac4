/**
 * The scanner's MQTT probe: one CONNECT without credentials, on plain TCP or TLS, to learn whether a broker is
 * there and lets anonymous clients in ({@link MqttProbe}, packets in {@link MqttFrames}).
 */
package io.vigil.adapters.scan.mqtt;
