package io.vigil.model.pkg;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.vigil.core.json.Json;
import io.vigil.core.model.ModelManifest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A model package: a directory with {@code manifest.json} and {@code model.onnx}.
 *
 * <p>The manifest's sha256 is the only link between the two files, so {@link #read} always recomputes it: a model
 * copied half-way, edited by hand or swapped for another version is refused before ONNX Runtime ever sees it.
 * {@link #write} writes {@code model.onnx} first and {@code manifest.json} last, each through a temporary file and
 * an atomic rename, so a watcher that waits for the manifest never sees a package whose graph is still being copied.
 *
 * @param dir the package directory
 * @param manifest the verified manifest
 */
public record ModelPackage(Path dir, ModelManifest manifest) {
    public static final String MANIFEST_FILE = "manifest.json";
    public static final String ONNX_FILE = "model.onnx";

    public ModelPackage {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(manifest, "manifest");
    }

    /** The graph file of this package. */
    public Path onnxFile() {
        return dir.resolve(ONNX_FILE);
    }

    /**
     * Reads {@code manifest.json} and checks that {@code model.onnx} has the sha256 it names.
     *
     * @throws ModelLoadException if a file is missing or unreadable, the manifest is invalid or has unknown fields, or
     *     the sha256 differs
     */
    public static ModelPackage read(Path dir) {
        ModelManifest manifest = readManifest(dir.resolve(MANIFEST_FILE));
        Path onnx = dir.resolve(ONNX_FILE);
        String actual = sha256(onnx, manifest);
        if (!actual.equals(manifest.sha256())) {
            throw new ModelLoadException(ONNX_FILE + " sha256 is " + actual + " but " + MANIFEST_FILE + " says "
                    + manifest.sha256() + " (package " + dir + ", model " + manifest.ref()
                    + "): the graph was changed or only partly copied");
        }
        return new ModelPackage(dir, manifest);
    }

    /**
     * Writes a package into {@code dir} (created if needed), storing the sha256 of {@code onnx} in the manifest.
     *
     * @return the package as written, with the computed sha256
     */
    public static ModelPackage write(Path dir, ModelManifest manifest, byte[] onnx) {
        Objects.requireNonNull(onnx, "onnx");
        ModelManifest sealed = manifest.withSha256(sha256(onnx));
        try {
            Files.createDirectories(dir);
            writeAtomically(dir.resolve(ONNX_FILE), onnx);
            writeAtomically(dir.resolve(MANIFEST_FILE), writer().writeValueAsBytes(sealed));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model package " + sealed.ref() + " to " + dir + ": " + e, e);
        }
        return new ModelPackage(dir, sealed);
    }

    /** Hex sha256 of the given bytes, as stored in a manifest. */
    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static ModelManifest readManifest(Path file) {
        try {
            return Json.mapper().readValue(Files.readAllBytes(file), ModelManifest.class);
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(MANIFEST_FILE + " not found in " + file.getParent());
        } catch (UnrecognizedPropertyException e) {
            throw new ModelLoadException(file + " has unknown field '" + e.getPropertyName() + "' (known fields: "
                    + e.getKnownPropertyIds() + ")");
        } catch (ValueInstantiationException e) {
            String reason = e.getCause() != null ? e.getCause().getMessage() : e.getOriginalMessage();
            throw new ModelLoadException(file + " is invalid: " + reason, e);
        } catch (JsonProcessingException e) {
            throw new ModelLoadException(file + " is not a valid manifest: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + file + ": " + e, e);
        }
    }

    private static String sha256(Path onnx, ModelManifest manifest) {
        MessageDigest digest = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(onnx), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (NoSuchFileException e) {
            throw new ModelLoadException(ONNX_FILE + " not found in " + onnx.getParent() + " (" + MANIFEST_FILE
                    + " describes model " + manifest.ref() + ")");
        } catch (IOException e) {
            throw new ModelLoadException("cannot read " + onnx + ": " + e, e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static ObjectMapper writer() {
        return Json.mapper().enable(SerializationFeature.INDENT_OUTPUT);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
