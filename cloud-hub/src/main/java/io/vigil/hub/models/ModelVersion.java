package io.vigil.hub.models;

import io.vertx.core.json.JsonObject;
import java.time.Instant;

/**
 * One registered version of a model, as the registry stores it.
 *
 * @param model the model id
 * @param version the version
 * @param kind {@code anomaly} or {@code rul}
 * @param sha256 the sha256 of {@code model.onnx}
 * @param packageSha256 the sha256 of the stored package zip
 * @param manifest the manifest as JSON
 * @param size the package zip's size in bytes
 * @param uploadedAt when it was uploaded
 * @param uploadedBy who uploaded it ({@code anonymous} with login off)
 * @param stage where it stands now
 * @param stageBy who set that stage (a user, or {@code agent:ID} for an agent's decision)
 * @param stageAt when
 */
public record ModelVersion(
        String model,
        String version,
        String kind,
        String sha256,
        String packageSha256,
        String manifest,
        long size,
        Instant uploadedAt,
        String uploadedBy,
        Stage stage,
        String stageBy,
        Instant stageAt) {

    public JsonObject toJson() {
        return new JsonObject()
                .put("model", model)
                .put("version", version)
                .put("kind", kind)
                .put("sha256", sha256)
                .put("packageSha256", packageSha256)
                .put("size", size)
                .put("uploadedAt", uploadedAt.toString())
                .put("uploadedBy", uploadedBy)
                .put("stage", stage.id())
                .put("stageBy", stageBy)
                .put("stageAt", stageAt.toString())
                .put("manifest", new JsonObject(manifest));
    }
}
