/**
 * {@link Json}: the one Jackson configuration for manifests and wire payloads (ISO timestamps, unknown fields
 * rejected).
 */
package io.vigil.core.json;
