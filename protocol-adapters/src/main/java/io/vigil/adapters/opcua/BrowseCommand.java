package io.vigil.adapters.opcua;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.device.DeviceSecurity;
import io.vigil.core.tag.TagSpec;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil browse}: lists an OPC UA server's variables, or writes them as an agent device. */
@Command(
        name = "browse",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Browses an OPC UA server from its Objects folder and prints its variables: NodeId, browse path, data"
                    + " type. Namespace 0 (the server's own diagnostics) is skipped.",
            "With --emit-config, writes an agent configuration with one device whose tags are the numeric variables."
        })
public final class BrowseCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ENDPOINT", description = "The server, opc.tcp://host:port[/path].")
    String endpoint;

    @Option(names = "--depth", defaultValue = "5", description = "Levels of objects below Objects to descend (1-20).")
    int depth;

    @Option(names = "--max-variables", defaultValue = "10000", description = "Stop after this many variables.")
    int maxVariables;

    @Option(
            names = "--emit-config",
            paramLabel = "FILE",
            defaultValue = "none",
            description = "Also write an agent configuration reading the numeric variables to FILE.")
    String emitConfig;

    @Option(
            names = "--security-policy",
            defaultValue = "None",
            description = "None, Basic256Sha256, Aes128_Sha256_RsaOaep or Aes256_Sha256_RsaPss.")
    String policy;

    @Option(
            names = "--security-mode",
            defaultValue = "None",
            description = "None (with policy None), Sign or SignAndEncrypt.")
    String mode;

    @Option(names = "--username", defaultValue = "", description = "User name; anonymous when empty.")
    String username;

    @Option(
            names = "--password-file",
            paramLabel = "FILE",
            description = "File whose first line is the password of --username.")
    Path passwordFile;

    @Option(
            names = "--pki-dir",
            paramLabel = "DIR",
            defaultValue = ".vigil/agent/pki",
            description = "The agent's certificate and trust store (own/, trusted/certs/, rejected/).")
    Path pkiDir;

    @Override
    public Integer call() {
        DeviceSecurity security;
        try {
            if (!endpoint.startsWith("opc.tcp://")) {
                throw new IllegalArgumentException("'" + endpoint + "' is not opc.tcp://host:port[/path]");
            }
            if (depth < 1 || depth > 20 || maxVariables < 1) {
                throw new IllegalArgumentException("--depth must be 1-20 and --max-variables at least 1");
            }
            security = new DeviceSecurity(policy, mode, username, passwordFile, pkiDir);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        List<BrowsedVariable> variables = OpcUaBrowser.browse(endpoint, security, depth, maxVariables);
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-40s %-40s %s%n", "NODEID", "PATH", "TYPE");
        for (BrowsedVariable v : variables) {
            out.printf("%-40s %-40s %s%n", v.nodeId(), v.path(), v.dataTypeName());
        }
        out.printf("%d variables%n", variables.size());
        out.flush();
        if (!emitConfig.equals("none")) {
            write(Path.of(emitConfig), yaml(endpoint, security, OpcUaTagBrowser.tags(variables), Instant.now()));
        }
        return ExitCodes.OK;
    }

    /** An agent configuration with one OPC UA device reading {@code tags}. */
    public static String yaml(String endpoint, DeviceSecurity security, List<TagSpec> tags, Instant at) {
        var sb = new StringBuilder();
        sb.append("# Agent configuration written by `vigil browse` at ")
                .append(at)
                .append('\n');
        sb.append("hub:\n  mqtt: tcp://127.0.0.1:1883\ndevices:\n");
        sb.append("  - id: opcua-1\n    asset: asset-1\n    protocol: opcua\n");
        sb.append("    endpoint: \"").append(endpoint).append("\"\n    interval: 1s\n");
        if (security.secured() || !security.anonymous()) {
            sb.append("    security: { policy: ")
                    .append(security.policy())
                    .append(", mode: ")
                    .append(security.mode());
            if (!security.anonymous()) {
                sb.append(", username: \"")
                        .append(security.username())
                        .append("\", passwordFile: \"")
                        .append(security.passwordFile())
                        .append('"');
            }
            sb.append(" }\n");
        }
        sb.append("    tags:\n");
        for (TagSpec t : tags) {
            sb.append("      - { id: \"")
                    .append(t.id())
                    .append("\", address: \"")
                    .append(t.address().replace("\"", "\\\""))
                    .append("\", type: ")
                    .append(t.type().name().toLowerCase(Locale.ROOT))
                    .append(" }\n");
        }
        if (tags.isEmpty()) {
            sb.append("      []   # no numeric variable found; raise --depth\n");
        }
        return sb.toString();
    }

    private static void write(Path file, String yaml) {
        try {
            Files.writeString(file, yaml);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
