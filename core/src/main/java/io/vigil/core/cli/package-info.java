/**
 * The {@code vigil} command line: {@link VigilCli} gathers the subcommands every {@link CommandProvider} on the
 * class path contributes, and holds what all commands share: {@link ExitCodes}, {@link UsageException} for bad
 * operator input (exit 2) and {@link DurationConverter} for {@code 500ms}/{@code 5s}/{@code 1d} values.
 */
package io.vigil.core.cli;
