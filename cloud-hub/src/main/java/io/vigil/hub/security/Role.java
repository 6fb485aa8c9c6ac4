package io.vigil.hub.security;

import java.util.Locale;

/**
 * What a user may do. {@code viewer} reads; {@code engineer} (assets, agents, devices) and {@code data-scientist}
 * (models) each add their own changes on top of reading; {@code admin} may do everything, users included.
 */
public enum Role {
    VIEWER("viewer"),
    ENGINEER("engineer"),
    DATA_SCIENTIST("data-scientist"),
    ADMIN("admin");

    private final String id;

    Role(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** Whether a user with this role may call a route that requires {@code required}. */
    public boolean grants(Role required) {
        return this == ADMIN || required == VIEWER || this == required;
    }

    public static Role parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (Role r : values()) {
            if (r.id.equals(t)) {
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
