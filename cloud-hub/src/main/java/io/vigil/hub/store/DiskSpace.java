package io.vigil.hub.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The free space of the file system under the data directory, against the operator's threshold. PostgreSQL on a full
 * disk fails every commit ("could not extend file") and may then stop, so the hub raises an alarm while there is still
 * room to act: health says {@code low} and the log warns once each time free space falls under the threshold.
 */
public final class DiskSpace {
    private static final Logger log = LoggerFactory.getLogger(DiskSpace.class);

    private final Path dir;
    private final long minFree;
    private volatile boolean low;

    public DiskSpace(Path dir, long minFree) {
        if (minFree < 0) {
            throw new IllegalArgumentException("minFree " + minFree + " must not be negative");
        }
        this.dir = dir;
        this.minFree = minFree;
    }

    /** What health shows: where, how much is free, the threshold, and whether the alarm is on. */
    public record Reading(Path dir, long free, long total, long minFree) {
        public boolean low() {
            return free < minFree;
        }
    }

    /** Reads the file system now, and logs when the alarm turns on or off. */
    public Reading read() {
        Reading r;
        try {
            var store = Files.getFileStore(dir);
            r = new Reading(dir, store.getUsableSpace(), store.getTotalSpace(), minFree);
        } catch (IOException e) {
            r = new Reading(dir, 0, 0, minFree); // an unreadable data directory is no better than a full one
        }
        if (r.low() && !low) {
            log.warn(
                    "free space under {} is {} MB, below --disk-min-free {} MB: free space before PostgreSQL runs out",
                    dir,
                    r.free() >> 20,
                    minFree >> 20);
        } else if (!r.low() && low) {
            log.info("free space under {} is {} MB again, above --disk-min-free", dir, r.free() >> 20);
        }
        low = r.low();
        return r;
    }
}
