package io.vigil.model.pkg;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * A model package as one zip file: {@code manifest.json} and {@code model.onnx}, the form a package travels in to the
 * hub's registry and from it to the agents.
 *
 * <p>{@link #pack} writes the two entries in a fixed order with a fixed time, so the same package always gives the same
 * bytes and the registry can address it by the sha256 of the zip. {@link #unpack} accepts the two files at the root or
 * inside one folder (what {@code zip -r pkg.zip pump-ae/} makes), ignores other entries, and refuses entries larger
 * than {@code maxBytes} so a zip bomb cannot fill memory.
 */
public final class PackageArchive {
    /** The two files of a package, as bytes. */
    public record Contents(byte[] manifest, byte[] onnx) {}

    private static final long FIXED_TIME = 315532800000L; // 1980-01-01, the zip format's epoch

    private PackageArchive() {}

    /** The zip of the package in {@code dir} (the files as they are; nothing is verified here). */
    public static byte[] pack(Path dir) {
        try {
            return pack(
                    Files.readAllBytes(dir.resolve(ModelPackage.MANIFEST_FILE)),
                    Files.readAllBytes(dir.resolve(ModelPackage.ONNX_FILE)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model package " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The zip of a manifest and a graph, always the same bytes for the same inputs. */
    public static byte[] pack(byte[] manifest, byte[] onnx) {
        var bytes = new ByteArrayOutputStream(onnx.length + manifest.length + 512);
        try (var zip = new ZipOutputStream(bytes)) {
            entry(zip, ModelPackage.MANIFEST_FILE, manifest);
            entry(zip, ModelPackage.ONNX_FILE, onnx);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void entry(ZipOutputStream zip, String name, byte[] data) throws IOException {
        var e = new ZipEntry(name);
        e.setTime(FIXED_TIME);
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    /**
     * The manifest and graph held by {@code zip}.
     *
     * @throws ModelLoadException if it is not a zip, an entry exceeds {@code maxBytes}, or a file is missing
     */
    public static Contents unpack(byte[] zip, long maxBytes) {
        Map<String, byte[]> found = new HashMap<>();
        try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            ZipEntry e;
            int entries = 0;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                if (e.isDirectory()) {
                    continue;
                }
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                int depth = e.getName().split("/", -1).length;
                if (depth <= 2 && (name.equals(ModelPackage.MANIFEST_FILE) || name.equals(ModelPackage.ONNX_FILE))) {
                    if (found.put(name, read(in, name, maxBytes)) != null) {
                        throw new ModelLoadException("the zip holds " + name + " more than once");
                    }
                }
            }
            if (entries == 0) {
                throw new ModelLoadException("the body is not a zip file (no entries found)");
            }
        } catch (ZipException ex) {
            throw new ModelLoadException("the body is not a valid zip file: " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new ModelLoadException("cannot read the zip: " + ex.getMessage(), ex);
        }
        for (String name : new String[] {ModelPackage.MANIFEST_FILE, ModelPackage.ONNX_FILE}) {
            if (!found.containsKey(name)) {
                throw new ModelLoadException("the zip has no " + name + " (expected " + ModelPackage.MANIFEST_FILE
                        + " and " + ModelPackage.ONNX_FILE + " at its root or in one folder)");
            }
        }
        return new Contents(found.get(ModelPackage.MANIFEST_FILE), found.get(ModelPackage.ONNX_FILE));
    }

    /**
     * Streams the manifest and graph held by the zip file {@code zip} into {@code dir} (created if needed), each entry
     * checked against its own limit while it is read, so neither an entry that inflates far beyond its compressed size
     * nor many uploads at once can fill the heap: only the manifest, which needs kilobytes, is held in memory.
     *
     * @return the manifest's bytes (also written to {@code dir})
     * @throws ModelLoadException if it is not a zip, an entry exceeds its limit (naming the entry and the limit), or a
     *     file is missing
     */
    public static byte[] unpack(Path zip, Path dir, long maxManifestBytes, long maxGraphBytes) {
        boolean manifest = false;
        boolean graph = false;
        try (var in = new ZipInputStream(new java.io.BufferedInputStream(Files.newInputStream(zip)))) {
            Files.createDirectories(dir);
            ZipEntry e;
            int entries = 0;
            while ((e = in.getNextEntry()) != null) {
                entries++;
                String name = e.getName().substring(e.getName().lastIndexOf('/') + 1);
                int depth = e.getName().split("/", -1).length;
                if (e.isDirectory() || depth > 2) {
                    continue;
                }
                if (name.equals(ModelPackage.MANIFEST_FILE) || name.equals(ModelPackage.ONNX_FILE)) {
                    boolean isManifest = name.equals(ModelPackage.MANIFEST_FILE);
                    if (isManifest ? manifest : graph) {
                        throw new ModelLoadException("the zip holds " + name + " more than once");
                    }
                    copy(in, dir.resolve(name), name, isManifest ? maxManifestBytes : maxGraphBytes);
                    manifest |= isManifest;
                    graph |= !isManifest;
                }
            }
            if (entries == 0) {
                throw new ModelLoadException("the body is not a zip file (no entries found)");
            }
        } catch (ZipException ex) {
            throw new ModelLoadException("the body is not a valid zip file: " + ex.getMessage(), ex);
        } catch (IOException ex) {
            throw new ModelLoadException("cannot read the zip: " + ex.getMessage(), ex);
        }
        if (!manifest || !graph) {
            throw new ModelLoadException(
                    "the zip has no " + (manifest ? ModelPackage.ONNX_FILE : ModelPackage.MANIFEST_FILE)
                            + " (expected " + ModelPackage.MANIFEST_FILE + " and " + ModelPackage.ONNX_FILE
                            + " at its root or in one folder)");
        }
        try {
            return Files.readAllBytes(dir.resolve(ModelPackage.MANIFEST_FILE));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static void copy(ZipInputStream in, Path to, String name, long maxBytes) throws IOException {
        byte[] buf = new byte[65536];
        long total = 0;
        try (var out = Files.newOutputStream(to)) {
            int n;
            while ((n = in.read(buf)) > 0) {
                total += n;
                if (total > maxBytes) {
                    throw new EntryTooLargeException(name, maxBytes);
                }
                out.write(buf, 0, n);
            }
        }
    }

    /** An entry of the zip inflates past its limit; the message names the entry and the limit. */
    public static final class EntryTooLargeException extends ModelLoadException {
        public EntryTooLargeException(String name, long maxBytes) {
            super(name + " is larger than " + maxBytes + " bytes");
        }
    }

    private static byte[] read(ZipInputStream in, String name, long maxBytes) throws IOException {
        var out = new ByteArrayOutputStream();
        byte[] buf = new byte[65536];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > maxBytes) {
                throw new ModelLoadException(name + " is larger than " + maxBytes + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** Writes the two files into {@code dir} (created if needed), graph first, manifest last. */
    public static void extract(Contents files, Path dir) {
        try {
            Files.createDirectories(dir);
            Files.write(dir.resolve(ModelPackage.ONNX_FILE), files.onnx());
            Files.write(dir.resolve(ModelPackage.MANIFEST_FILE), files.manifest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model package to " + dir + ": " + e.getMessage(), e);
        }
    }
}
