package io.vigil.hub.security.cli;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.login.Role;
import io.vigil.hub.security.login.UserStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil hub user add|remove|list}: the users who may log in to the REST API and the twin. */
@Command(
        name = "user",
        mixinStandardHelpOptions = true,
        description = "Manages the users of the REST API and the twin (the file users.json in the PKI directory).",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.ListUsers.class})
public final class UserCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = {
                "Adds a user, or sets the role and password of an existing one (their sessions end).",
                "The password is read from the terminal, or from the first line of standard input when piped."
            })
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "Login name (letters, digits, '-', '_', '.').")
        String name;

        @Option(
                names = "--role",
                required = true,
                description = "viewer (read), engineer (agents, assets), data-scientist (models) or admin (all,"
                        + " users included).")
        String role;

        @Option(names = "--dir", description = "The PKI directory.", defaultValue = ".vigil/hub/pki")
        Path dir;

        @Override
        public Integer call() {
            Role r;
            try {
                r = Role.parse(role);
                char[] password = readPassword();
                boolean added = UserStore.in(dir).put(name, r, password);
                spec.commandLine().getOut().println((added ? "added" : "updated") + " user " + name + " (" + r + ")");
                spec.commandLine().getOut().flush();
                return ExitCodes.OK;
            } catch (IllegalArgumentException | SecuritySetupException e) {
                throw new UsageException(e.getMessage());
            }
        }

        private static char[] readPassword() {
            var console = System.console();
            if (console != null) {
                char[] first = console.readPassword("password: ");
                char[] again = console.readPassword("again: ");
                if (first == null || !Arrays.equals(first, again)) {
                    throw new IllegalArgumentException("the passwords differ");
                }
                return first;
            }
            try {
                String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
                if (line == null) {
                    throw new IllegalArgumentException("no password on standard input");
                }
                return line.toCharArray();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read the password: " + e.getMessage());
            }
        }
    }

    @Command(
            name = "remove",
            mixinStandardHelpOptions = true,
            showDefaultValues = true,
            description = "Removes a user.")
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "NAME", description = "The user to remove.")
        String name;

        @Option(names = "--dir", description = "The PKI directory.", defaultValue = ".vigil/hub/pki")
        Path dir;

        @Override
        public Integer call() {
            if (!UserStore.in(dir).remove(name)) {
                throw new UsageException("no user '" + name + "' in " + dir.resolve(UserStore.FILE));
            }
            spec.commandLine().getOut().println("removed user " + name);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, showDefaultValues = true, description = "Lists users.")
    static final class ListUsers implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--dir", description = "The PKI directory.", defaultValue = ".vigil/hub/pki")
        Path dir;

        @Override
        public Integer call() {
            var out = spec.commandLine().getOut();
            UserStore.in(dir).list().forEach(u -> out.println(u.name() + "\t" + u.role()));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
