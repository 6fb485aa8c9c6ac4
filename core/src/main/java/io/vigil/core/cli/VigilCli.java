package io.vigil.core.cli;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.ServiceLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vigil} command: subcommands come from every {@link CommandProvider} on the class path. */
@Command(
        name = "vigil",
        mixinStandardHelpOptions = true,
        versionProvider = VigilCli.Version.class,
        description = "Edge inference and predictive maintenance for industrial IoT.",
        footer = {"", "Run 'vigil COMMAND --help' for the options of a command and their defaults."})
public final class VigilCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns its exit code (used by tests). */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    public static CommandLine commandLine() {
        var cli = new CommandLine(new VigilCli());
        var commands = new ArrayList<>();
        ServiceLoader.load(CommandProvider.class).forEach(p -> commands.addAll(p.commands()));
        commands.sort(Comparator.comparing(
                c -> c.getClass().getAnnotation(Command.class).name()));
        commands.forEach(cli::addSubcommand);
        cli.setExecutionExceptionHandler((ex, line, parseResult) -> {
            if (ex instanceof UsageException) {
                line.getErr().println("vigil: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            line.getErr().println("vigil: " + line.getCommandName() + " failed: " + describe(ex));
            if (System.getenv("VIGIL_DEBUG") != null) {
                ex.printStackTrace(line.getErr());
            } else {
                line.getErr().println("(set VIGIL_DEBUG=1 for the stack trace)");
            }
            return ExitCodes.FAILED;
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            var line = ex.getCommandLine();
            line.getErr().println("vigil: " + ex.getMessage());
            line.getErr().println("Run '" + line.getCommandSpec().qualifiedName() + " --help' for the options.");
            return ExitCodes.USAGE;
        });
        return cli;
    }

    private static String describe(Throwable ex) {
        var sb = new StringBuilder(String.valueOf(ex.getMessage()));
        for (Throwable c = ex.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(" <- ").append(c.getClass().getSimpleName()).append(": ").append(c.getMessage());
        }
        return sb.toString();
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = VigilCli.class.getPackage().getImplementationVersion();
            return new String[] {"vigil " + (v == null ? "dev" : v)};
        }
    }
}
