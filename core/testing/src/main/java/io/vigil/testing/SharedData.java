package io.vigil.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import org.opentest4j.AssertionFailedError;

/**
 * The data sets and captures kept beside the repository (in {@code shared/}, which is not committed: the data sets
 * are large and under their own licences). Missing data fails the test like a missing peer, see {@link Peers}.
 */
public final class SharedData {
    private SharedData() {}

    /** The SKAB directory (one folder per experiment kind, CSVs with {@code ;} separators). */
    public static Path skab() {
        return Peers.require(Peer.SKAB);
    }

    /** The C-MAPSS FD001 directory ({@code train_FD001.txt}, {@code test_FD001.txt}, {@code RUL_FD001.txt}). */
    public static Path cmapssFd001() {
        return Peers.require(Peer.CMAPSS_FD001);
    }

    /** One capture of {@code shared/fixtures/pcaps}; fails naming the file when the folder lacks it. */
    public static Path pcap(String name) {
        Path file = Peers.require(Peer.PCAPS).resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new AssertionFailedError("the shared capture " + file + " is missing");
        }
        return file;
    }
}
