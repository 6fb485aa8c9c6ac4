/**
 * The sub-commands of {@code vigil hub} that set up who may talk to it: {@code init} (CA and hub certificate),
 * {@code enroll} and {@code revoke} (agent certificates), {@code user} (users and API tokens).
 */
package io.vigil.hub.security.cli;
