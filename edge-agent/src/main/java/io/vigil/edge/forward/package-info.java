/**
 * Store-and-forward to the hub: the {@link SparkplugForwarder} publishes births and data as Sparkplug B over MQTT
 * at QoS 1, and the {@link Outbox} keeps everything until the hub has acknowledged it.
 */
package io.vigil.edge.forward;
