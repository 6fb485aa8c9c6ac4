/**
 * What to read from a device: a {@link TagSpec} (address, {@link DataType}, scale, offset, unit), validated when it
 * is built.
 */
package io.vigil.core.tag;
