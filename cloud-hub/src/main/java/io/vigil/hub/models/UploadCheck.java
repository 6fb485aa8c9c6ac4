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
 * (not a zip, a file missing), {@code model.package.toolarge} (an entry past its limit: the manifest past
 * {@link #MAX_MANIFEST_BYTES}, the graph past the hub's limit), {@code model.manifest.invalid} (the field and its value),
 * {@code model.sha256.mismatch} (both hashes), {@code model.graph.mismatch} (the graph against the manifest: input
 * name, width or output, both values).
 */
public final class UploadCheck {
    /** The package as accepted: its manifest, the normalized zip and the zip's sha256 (its address on disk). */
    public record Checked(ModelManifest manifest, byte[] zip, String packageSha256) {}

    /** The largest manifest accepted: a real one is a few kilobytes, and it is served back on every model listing. */
    public static final long MAX_MANIFEST_BYTES = 64 * 1024;
    /** Checks running at once: each holds a graph's session and its normalized zip, so memory is bounded by this. */
    static final int CONCURRENT_CHECKS = 2;

    private final Path scratch;
    private final long maxBytes;
    private final java.util.concurrent.Semaphore running = new java.util.concurrent.Semaphore(CONCURRENT_CHECKS, true);

    /**
     * @param scratch a directory for the graph while ONNX Runtime opens it
     * @param maxBytes the largest graph or manifest accepted
     */
    public UploadCheck(Path scratch, long maxBytes) {
        this.scratch = scratch;
        this.maxBytes = maxBytes;
    }

    /** Where uploads are streamed and checked. */
    public Path scratch() {
        return scratch;
    }

    /** Checks an upload held in memory (tests, small packages); see {@link #check(Path)}. */
    public Checked check(byte[] upload) {
        Path file = null;
        try {
            Files.createDirectories(scratch);
            file = Files.createTempFile(scratch, "upload-", ".zip");
            Files.write(file, upload);
            return check(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the upload to " + scratch + ": " + e, e);
        } finally {
            if (file != null) {
                file.toFile().delete();
            }
        }
    }

    /**
     * Checks the package zip in {@code upload} (a file the request body was streamed to). Its entries are streamed to
     * a scratch directory, each against its own limit ({@link #MAX_MANIFEST_BYTES}, {@code maxBytes} for the graph);
     * at most {@link #CONCURRENT_CHECKS} checks run at once, the others wait.
     */
    public Checked check(Path upload) {
        try {
            running.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting to check an upload", e);
        }
        Path dir = scratchDir();
        try {
            byte[] manifestBytes = unpack(upload, dir);
            ModelManifest manifest = manifest(manifestBytes);
            byte[] onnx = Files.readAllBytes(dir.resolve(ModelPackage.ONNX_FILE));
            String actual = ModelPackage.sha256(onnx);
            if (!actual.equals(manifest.sha256())) {
                throw ApiError.MODEL_SHA256_MISMATCH.exception(
                        "manifest.json field sha256 is " + manifest.sha256() + " but model.onnx has sha256 " + actual
                                + " (model " + manifest.ref() + "): the graph was changed or only partly copied");
            }
            openGraph(dir, manifest);
            byte[] zip = PackageArchive.pack(manifestBytes, onnx);
            return new Checked(manifest, zip, ModelPackage.sha256(zip));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the unpacked upload in " + dir + ": " + e, e);
        } finally {
            delete(dir);
            running.release();
        }
    }

    private byte[] unpack(Path upload, Path dir) {
        try {
            return PackageArchive.unpack(upload, dir, MAX_MANIFEST_BYTES, maxBytes);
        } catch (PackageArchive.EntryTooLargeException e) {
            throw ApiError.MODEL_PACKAGE_TOO_LARGE.exception(e.getMessage());
        } catch (ModelLoadException e) {
            throw ApiError.MODEL_PACKAGE_INVALID.exception(e.getMessage());
        }
    }

    private Path scratchDir() {
        try {
            Files.createDirectories(scratch);
            return Files.createTempDirectory(scratch, "check-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a scratch directory in " + scratch + ": " + e, e);
        }
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

    private static void openGraph(Path dir, ModelManifest manifest) {
        try (var model = OnnxModel.load(new ModelPackage(dir, manifest), 1)) {
            // opened, checked against the manifest and warmed: the package is good
        } catch (io.vigil.model.serve.GraphPolicy.GraphRefusedException e) {
            throw ApiError.MODEL_GRAPH_REFUSED.exception(e.getMessage().replace(dir.toString(), "<upload>"));
        } catch (ModelLoadException e) {
            throw ApiError.MODEL_GRAPH_MISMATCH.exception(e.getMessage().replace(dir.toString(), "<upload>"));
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
