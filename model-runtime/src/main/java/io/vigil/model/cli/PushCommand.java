package io.vigil.model.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import io.vigil.model.pkg.PackageArchive;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code vigil model push}: uploads a package to the hub's registry, optionally putting it straight into a stage. */
@Command(
        name = "push",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Uploads a model package to the hub's registry. The hub checks it as an agent would load it (manifest,"
                    + " sha256, ONNX graph against the manifest) and answers with the version, or with the reason it"
                    + " refused it."
        })
public final class PushCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    HubOptions hub;

    @Parameters(
            paramLabel = "PACKAGE",
            description = "A package directory (manifest.json + model.onnx) or a zip of one.")
    Path pkg;

    @Option(
            names = "--stage",
            paramLabel = "STAGE",
            description = "After the upload, also move it to shadow, canary or promote (default: stay registered).")
    String stage;

    @Override
    public Integer call() throws IOException {
        push(hub, pkg, stage, spec.commandLine().getOut());
        return 0;
    }

    /** Uploads {@code pkg} and, if {@code stage} is set, moves the new version there; prints what the hub answered. */
    static void push(HubOptions hub, Path pkg, String stage, PrintWriter out) throws IOException {
        byte[] zip = zip(pkg);
        if (stage != null) {
            StageCommands.check(stage);
        }
        String body = hub.send("POST", "api/v1/models", zip, "application/zip", "pushing " + pkg);
        JsonNode v = Json.mapper().readTree(body);
        out.printf(
                "%s@%s registered (stage %s, package sha256 %s, %d bytes)%n",
                v.path("model").asText(),
                v.path("version").asText(),
                v.path("stage").asText(),
                v.path("packageSha256").asText(),
                v.path("size").asLong());
        if (stage != null) {
            StageCommands.move(hub, v.path("model").asText(), v.path("version").asText(), stage, out);
        }
        out.flush();
    }

    private static byte[] zip(Path pkg) throws IOException {
        if (Files.isDirectory(pkg)) {
            return PackageArchive.pack(pkg);
        }
        if (Files.isRegularFile(pkg)) {
            return Files.readAllBytes(pkg);
        }
        throw new UsageException("PACKAGE " + pkg + " is neither a package directory nor a zip file");
    }
}
