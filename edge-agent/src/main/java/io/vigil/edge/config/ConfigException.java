package io.vigil.edge.config;

/**
 * A config file the agent cannot run with. The message is one line an operator can act on:
 * {@code agent.yaml:12:7: devices[0].tags[2].adress: unknown key (expected one of ...)}.
 */
public class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message, null, false, false);
    }
}
