/** {@code vigil model}: picocli commands contributed through {@link io.vigil.core.cli.CommandProvider}. */
package io.vigil.model.cli;
