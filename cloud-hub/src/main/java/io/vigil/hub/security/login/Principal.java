package io.vigil.hub.security.login;

import java.time.Instant;
import java.util.Objects;

/**
 * Who made a request, as its session token says.
 *
 * @param user the user name
 * @param role the user's role when the session began
 * @param expires when the session ends
 */
public record Principal(String user, Role role, Instant expires) {
    public Principal {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(expires, "expires");
    }
}
