package io.vigil.hub;

import picocli.CommandLine.Option;

/** {@code vigil hub}'s listener options: {@link ListenSettings}. */
final class ListenOptions {
    @Option(names = "--host", description = "Address every listener binds to.", defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--http-port",
            description = "Port of REST, WebSocket and the twin (0 picks a free one).",
            defaultValue = "8080")
    int httpPort;

    @Option(
            names = "--mqtt-port",
            description = "Port of the MQTT endpoint agents publish to (0 picks a free one).",
            defaultValue = "1883")
    int mqttPort;

    ListenSettings settings() {
        return new ListenSettings(host, httpPort, mqttPort);
    }
}
