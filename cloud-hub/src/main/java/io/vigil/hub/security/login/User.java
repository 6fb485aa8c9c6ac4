package io.vigil.hub.security.login;

import io.vigil.core.sample.Tags;
import java.util.Objects;

/**
 * A person or script allowed to use the REST API and the twin.
 *
 * @param name login name (letters, digits, '-', '_', '.')
 * @param role what the user may do
 * @param password the PBKDF2 hash of the password
 */
public record User(String name, Role role, PasswordHash password) {
    public User {
        if (!Tags.isValidId(name)) {
            throw new IllegalArgumentException(
                    "user name '" + name + "' is not a valid id (letters, digits, '-', '_'," + " '.')");
        }
        Objects.requireNonNull(role, "role");
        if (!role.human()) {
            throw new IllegalArgumentException("role '" + role + "' is given by an agent certificate, not to users");
        }
        Objects.requireNonNull(password, "password");
    }
}
