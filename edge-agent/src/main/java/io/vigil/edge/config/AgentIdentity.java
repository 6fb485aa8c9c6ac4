package io.vigil.edge.config;

import io.vigil.core.sample.Tags;
import java.net.InetAddress;
import java.util.Locale;

/**
 * Who the agent is on the Sparkplug side.
 *
 * @param id the Sparkplug edge node id (also the MQTT client id)
 * @param group the Sparkplug group id
 */
public record AgentIdentity(String id, String group) {
    public static final String DEFAULT_GROUP = "plant";

    public AgentIdentity {
        Tags.requireValidId("agent id", id);
        Tags.requireValidId("agent group", group);
    }

    /** The host name made into a valid id ({@code edge} when it cannot be read). */
    public static String defaultId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "";
        }
        String id =
                host.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_.\\-]", "-").replaceAll("^[^a-z0-9]+", "");
        id = id.length() > 64 ? id.substring(0, 64) : id;
        return Tags.isValidId(id) ? id : "edge";
    }
}
