package io.vigil.hub.models;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Package zips on disk, addressed by their sha256: {@code DIR/ab/abcdef….zip}. The same package uploaded twice is
 * stored once; a file is written to a temporary name and renamed, so a reader never sees half a package. Nothing is
 * kept only in memory: a hub restart finds every package again.
 */
public final class PackageStore {
    private final Path dir;

    public PackageStore(Path dir) {
        this.dir = dir;
    }

    /** Where the package with this sha256 lives (whether or not it exists). */
    public Path file(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("sha256 '" + sha256 + "' is not 64 lowercase hex");
        }
        return dir.resolve(sha256.substring(0, 2)).resolve(sha256 + ".zip");
    }

    /** Stores {@code zip} under {@code sha256} unless it is there already. Blocking. */
    public Path put(String sha256, byte[] zip) {
        Path target = file(sha256);
        if (Files.exists(target)) {
            return target;
        }
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), sha256, ".tmp");
            Files.write(tmp, zip);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store model package " + sha256 + " in " + dir + ": " + e, e);
        }
    }

    /** The scratch directory for upload checks. */
    public Path scratch() {
        return dir.resolve("scratch");
    }
}
