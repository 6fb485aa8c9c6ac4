/**
 * People and scripts: users with a {@link io.vigil.hub.security.login.Role} in a file
 * ({@link io.vigil.hub.security.login.UserStore}, PBKDF2 hashes), opaque session and API tokens
 * ({@link io.vigil.hub.security.login.Sessions}), a throttle on wrong passwords, and one table of which role each route
 * needs ({@link io.vigil.hub.security.login.Permissions}), enforced by {@link io.vigil.hub.security.login.AuthRoutes}
 * in front of every route.
 */
package io.vigil.hub.security.login;
