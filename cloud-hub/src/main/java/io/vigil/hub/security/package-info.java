/**
 * Who may talk to the hub. Agents: mutual TLS on the MQTT endpoint with certificates from the hub's own CA
 * ({@link io.vigil.hub.security.CertificateAuthority}, {@code vigil hub init} / {@code enroll}), the MQTT client id
 * bound to the certificate's CN ({@link io.vigil.hub.security.AgentCertificateGate}). People and scripts: users with a
 * {@link io.vigil.hub.security.Role} in a file ({@link io.vigil.hub.security.UserStore}, PBKDF2 hashes), opaque
 * session and API tokens ({@link io.vigil.hub.security.Sessions}), and one table of which role each route needs
 * ({@link io.vigil.hub.security.Permissions}) enforced by the guard {@link io.vigil.hub.security.AuthRoutes} mounts before any route.
 */
package io.vigil.hub.security;
