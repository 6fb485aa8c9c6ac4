/**
 * Who may talk to the hub. {@link io.vigil.hub.security.HubSecurity} puts the parts together from
 * {@link io.vigil.hub.security.SecuritySettings}: the certificates in {@link io.vigil.hub.security.pki} (agents on the
 * MQTT endpoint and over HTTPS, the hub's own HTTPS certificate), the users, sessions and route permissions in
 * {@link io.vigil.hub.security.login}, and the {@code vigil hub init | enroll | revoke | user} commands in
 * {@link io.vigil.hub.security.cli}. This package also holds what they share: owner-only secret files
 * ({@link io.vigil.hub.security.Secrets}) and the setup failure a command turns into a usage error.
 */
package io.vigil.hub.security;
