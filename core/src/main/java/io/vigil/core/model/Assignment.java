package io.vigil.core.model;

import io.vigil.core.sample.Tags;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What the hub's registry asks agents to run for one model id: the {@code promoted} version to serve, or a
 * {@code shadow} / {@code canary} candidate to run beside it. The wire form of {@code GET
 * /api/v1/agents/AGENT/assignments}, one object per entry.
 *
 * @param model the model id
 * @param version the version
 * @param stage {@code shadow}, {@code canary} or {@code promoted}
 * @param sha256 the sha256 of the version's {@code model.onnx} (as in its manifest)
 * @param packageSha256 the sha256 of the package zip the hub serves; an agent checks the download against it
 */
public record Assignment(String model, String version, String stage, String sha256, String packageSha256) {
    public static final Set<String> STAGES = Set.of("shadow", "canary", "promoted");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Assignment {
        Tags.requireValidId("model", model);
        Objects.requireNonNull(version, "version");
        if (!STAGES.contains(stage)) {
            throw new IllegalArgumentException("stage '" + stage + "' is not one of " + STAGES);
        }
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "' is not 64 lowercase hex");
        }
        if (packageSha256 == null || !SHA256.matcher(packageSha256).matches()) {
            throw new IllegalArgumentException("packageSha256 '" + packageSha256 + "' is not 64 lowercase hex");
        }
    }

    /** {@code id@version}. */
    public String ref() {
        return model + "@" + version;
    }
}
