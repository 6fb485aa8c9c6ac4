package io.vigil.core.cli;

import java.util.List;

/**
 * Contributes picocli subcommands to {@code vigil}; each application module registers one in
 * {@code META-INF/services}, so the launcher's class path decides which commands exist.
 */
public interface CommandProvider {

    /** Instances of classes annotated with picocli's {@code @Command}. */
    List<Object> commands();
}
