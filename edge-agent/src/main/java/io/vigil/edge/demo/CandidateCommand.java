package io.vigil.edge.demo;

import io.vigil.core.cli.UsageException;
import io.vigil.core.json.Json;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.train.AutoencoderTrainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil demo candidate}: trains another version of the demo's pump model (same tags and window, another seed),
 * a candidate to push to a running {@code vigil demo} with {@code vigil model push}; with {@code --corrupt} a package
 * the hub must refuse (its manifest names another graph's sha256).
 */
@Command(
        name = "candidate",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        description = {
            "Trains a new version of the demo's pump anomaly model into a package directory, to push to a running"
                    + " 'vigil demo': vigil model push DIR --stage shadow",
            "With --corrupt the package's manifest names a wrong sha256, and the hub refuses it."
        })
public final class CandidateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = ".vigil/candidate", description = "Package directory to write (replaced).")
    Path out;

    @Option(names = "--version", defaultValue = "1.1.0", description = "Version of the new package.")
    String version;

    @Option(names = "--seed", defaultValue = "43", description = "Seed of the training data and weights.")
    long seed;

    @Option(names = "--corrupt", description = "Write a package the hub must refuse (wrong sha256 in the manifest).")
    boolean corrupt;

    @Override
    public Integer call() throws IOException {
        if (Files.isRegularFile(out)) {
            throw new UsageException("--out " + out + " is a file; give a directory");
        }
        var trainer =
                new AutoencoderTrainer(AutoencoderTrainer.Config.defaults().withSeed(seed));
        ModelPackage pkg = trainer.train(DemoRun.request(version, seed), out);
        if (corrupt) {
            var wrong = pkg.manifest().withSha256("0".repeat(64));
            Files.write(
                    pkg.dir().resolve(ModelPackage.MANIFEST_FILE), Json.mapper().writeValueAsBytes(wrong));
        }
        spec.commandLine()
                .getOut()
                .printf(
                        "%s written to %s%s%n  push it: vigil model push %s --stage shadow%n",
                        pkg.manifest().ref(), out, corrupt ? " (corrupt: manifest sha256 is 000…0)" : "", out);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
