package io.vigil.testing;

import java.nio.file.Path;
import java.util.List;

/**
 * Debian's Chromium and its WebDriver, for browser tests. The flags keep a headless browser from reaching the network
 * (no component updates, sync or background requests) and from sharing a profile with another test.
 */
public record Chromium(Path binary, Path driver) {
    /** Both programs, or a failure naming the one that is missing. */
    public static Chromium locate() {
        return new Chromium(Peers.require(Peer.CHROMIUM), Peers.require(Peer.CHROMEDRIVER));
    }

    /** Command-line flags for a headless run with its own throwaway profile in {@code profileDir}. */
    public static List<String> headlessFlags(Path profileDir) {
        return List.of(
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--user-data-dir=" + profileDir);
    }
}
