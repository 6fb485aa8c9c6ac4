package io.vigil.hub.security.login;

import java.util.Locale;

/**
 * What a user may do. {@code viewer} reads; {@code engineer} (assets, agents, devices) and {@code data-scientist}
 * (models) each add their own changes on top of reading; {@code admin} may do everything, users included. {@code agent}
 * is no user's role: it is what an agent certificate presented over HTTPS gets, and it grants only the rows of
 * {@link Permissions#RULES} marked for agents, for the agent's own id.
 */
public enum Role {
    VIEWER("viewer"),
    ENGINEER("engineer"),
    DATA_SCIENTIST("data-scientist"),
    ADMIN("admin"),
    AGENT("agent");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether a user with this role may call a route that requires {@code required}. */
    public boolean grants(Role required) {
        if (this == AGENT || required == AGENT) {
            return false;
        }
        return this == ADMIN || required == VIEWER || this == required;
    }

    /** Whether a user may have this role ({@link #AGENT} comes only from a certificate). */
    public boolean human() {
        return this != AGENT;
    }

    public static Role parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.human() && r.id.equals(t)) {
                return r;
            }
        }
        throw new IllegalArgumentException("role '" + text + "' is not one of viewer, engineer, data-scientist, admin");
    }

    @Override
    public String toString() {
        return id;
    }
}
