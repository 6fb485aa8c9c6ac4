package io.vigil.hub.models;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.ApiException;
import io.vigil.model.pkg.ModelLoadException;
import io.vigil.model.pkg.ModelPackage;
import io.vigil.model.pkg.PackageArchive;
import io.vigil.model.serve.OnnxModel;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Checks an uploaded package the way an agent will load it, so a package the registry accepts is one every agent can
 * run: the zip holds {@code manifest.json} and {@code model.onnx}; the manifest parses and is valid; the graph's sha256
 * is the one the manifest names; ONNX Runtime opens the graph, its input and output match the manifest and a warm-up
 * inference runs ({@link OnnxModel#load}, which opens the session on a thread with a large native stack). Blocking:
 * call it on a worker, never on an event loop.
 *
 * <p>Each refusal is an {@link ApiException} with a stable code naming what is wrong: {@code model.package.invalid}
 * (not a zip, a file missing or too large), {@code model.manifest.invalid} (the field and its value),
 * {@code model.sha256.mismatch} (both hashes), {@code model.graph.mismatch} (the graph against the manifest: input
 * name, width or output, both values).
 */
public final class UploadCheck {
    /** The package as accepted: its manifest, the normalized zip and the zip's sha256 (its address on disk). */
    public record Checked(ModelManifest manifest, byte[] zip, String packageSha256) {}

    private final Path scratch;
    private final long maxBytes;

    /**
     * @param scratch a directory for the graph while ONNX Runtime opens it
     * @param maxBytes the largest graph or manifest accepted
     */
    public UploadCheck(Path scratch, long maxBytes) {
        this.scratch = scratch;
        this.maxBytes = maxBytes;
    }

    public Checked check(byte[] upload) {
        PackageArchive.Contents files;
        try {
            files = PackageArchive.unpack(upload, maxBytes);
        } catch (ModelLoadException e) {
            throw ApiError.MODEL_PACKAGE_INVALID.exception(e.getMessage());
        }
        ModelManifest manifest = manifest(files.manifest());
        String actual = ModelPackage.sha256(files.onnx());
        if (!actual.equals(manifest.sha256())) {
            throw ApiError.MODEL_SHA256_MISMATCH.exception(
                    "manifest.json field sha256 is " + manifest.sha256() + " but model.onnx has sha256 " + actual
                            + " (model " + manifest.ref() + "): the graph was changed or only partly copied");
        }
        openGraph(files, manifest);
        byte[] zip = PackageArchive.pack(files.manifest(), files.onnx());
        return new Checked(manifest, zip, ModelPackage.sha256(zip));
    }

    private static ModelManifest manifest(byte[] json) {
        try {
            return Json.mapper().readValue(json, ModelManifest.class);
        } catch (UnrecognizedPropertyException e) {
            throw invalid(
                    "unknown field '" + e.getPropertyName() + "' (known fields: " + e.getKnownPropertyIds() + ")");
        } catch (ValueInstantiationException e) {
            throw invalid(e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            throw invalid("not valid JSON for a manifest: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw invalid(e.getMessage());
        }
    }

    private static ApiException invalid(String reason) {
        return ApiError.MODEL_MANIFEST_INVALID.exception("manifest.json: " + reason);
    }

    private void openGraph(PackageArchive.Contents files, ModelManifest manifest) {
        Path dir;
        try {
            Files.createDirectories(scratch);
            dir = Files.createTempDirectory(scratch, "check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory in " + scratch + ": " + e, e);
        }
        try {
            PackageArchive.extract(files, dir);
            try (var model = OnnxModel.load(new ModelPackage(dir, manifest), 1)) {
                // opened, checked against the manifest and warmed: the package is good
            }
        } catch (ModelLoadException e) {
            throw ApiError.MODEL_GRAPH_MISMATCH.exception(e.getMessage().replace(dir.toString(), "<upload>"));
        } finally {
            delete(dir);
        }
    }

    private static void delete(Path dir) {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover scratch file is harmless; the next start does not read it
        }
    }
}
