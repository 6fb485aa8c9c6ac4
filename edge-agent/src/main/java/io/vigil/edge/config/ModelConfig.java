package io.vigil.edge.config;

import io.vigil.core.model.ModelManifest;
import io.vigil.core.sample.Tags;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A model package the agent scores with, and the assets it scores.
 *
 * @param path the package directory ({@code model.onnx} + {@code manifest.json}) as written in the config, relative
 *     to the config file's directory unless absolute
 * @param assets the assets it scores; each has every input tag of the manifest
 * @param manifest the package's manifest as read while validating the config
 */
public record ModelConfig(Path path, List<String> assets, ModelManifest manifest) {
    public ModelConfig {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(manifest, "manifest");
        if (assets == null || assets.isEmpty()) {
            throw new IllegalArgumentException("model " + path + ": assets is empty");
        }
        assets = List.copyOf(assets);
        assets.forEach(a -> Tags.requireValidId("asset", a));
    }

    /** The package directory, resolved against the config file's directory. */
    public Path resolve(Path configDir) {
        return configDir.resolve(path).normalize();
    }
}
