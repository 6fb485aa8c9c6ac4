package io.vigil.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Finds the real peers the tests need, and fails the test when one is missing, naming it and how to install it.
 *
 * <p>A missing peer is a failure, never a silent skip: a skipped test passes the build, so a machine without Mosquitto
 * would report green having tested less (issue 10). Two system properties (or environment variables) change that
 * for a developer running tests by hand:
 *
 * <ul>
 *   <li>{@code -Dvigil.peers.optional=true} ({@code VIGIL_PEERS_OPTIONAL=true}) turns a missing peer into an aborted
 *       (skipped) test, with the same message. {@code ./vigil test} and CI never set it.
 *   <li>{@code -Dvigil.peer.<id>=PATH} ({@code VIGIL_PEER_<ID>}, upper case, {@code -} as {@code _}) points a peer
 *       at another location, for instance {@code -Dvigil.peer.mosquitto=/opt/mosquitto/sbin/mosquitto}.
 * </ul>
 */
public final class Peers {
    /** The opt-in to skip rather than fail; off unless set to {@code true}. */
    public static final String OPTIONAL = "vigil.peers.optional";

    private static final Peers SYSTEM = new Peers(System::getProperty, System::getenv, Path.of(""));

    private final UnaryOperator<String> properties;
    private final UnaryOperator<String> environment;
    private final Path workingDir;
    private final Map<Peer, Path> found = new ConcurrentHashMap<>();

    Peers(UnaryOperator<String> properties, UnaryOperator<String> environment, Path workingDir) {
        this.properties = properties;
        this.environment = environment;
        this.workingDir = workingDir.toAbsolutePath();
    }

    /**
     * Where {@code peer} is (its program, its interpreter, its {@code node_modules} or its data directory), once it is
     * known to work; fails the calling test otherwise.
     *
     * @throws AssertionFailedError naming the peer and how to install it
     * @throws TestAbortedException instead, when {@code vigil.peers.optional=true}
     */
    public static Path require(Peer peer) {
        return SYSTEM.locate(peer);
    }

    /** The checkout the tests run in: the nearest folder at or above the working directory holding {@code .ci/run}. */
    public static Path repoRoot() {
        return SYSTEM.root();
    }

    Path locate(Peer peer) {
        Path known = found.get(peer);
        if (known != null) {
            return known;
        }
        Path location = location(peer);
        var problem = peer.problem(location);
        if (problem.isEmpty()) {
            found.put(peer, location);
            return location;
        }
        String message = message(peer, problem.get());
        if (optional()) {
            throw new TestAbortedException(message);
        }
        throw new AssertionFailedError(message);
    }

    String message(Peer peer, String problem) {
        String key = "vigil.peer." + peer.id();
        return "missing test peer " + peer.id() + " (" + peer.description() + "): " + problem + ". Install: "
                + peer.install() + "; or point -D" + key + "=PATH (env " + envName(key) + ") at it."
                + " To skip instead of fail when running tests by hand: -D" + OPTIONAL + "=true.";
    }

    private Path location(Peer peer) {
        String key = "vigil.peer." + peer.id();
        String override = setting(key);
        return override == null || override.isBlank() ? peer.defaultLocation(this) : Path.of(override);
    }

    private boolean optional() {
        return "true".equalsIgnoreCase(setting(OPTIONAL));
    }

    private String setting(String key) {
        String value = properties.apply(key);
        return value != null ? value : environment.apply(envName(key));
    }

    private static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    Path root() {
        for (Path p = workingDir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(".ci/run"))) {
                return p;
            }
        }
        throw new AssertionFailedError("no Vigil checkout (a folder with .ci/run) at or above " + workingDir);
    }

    /** {@code .ci/peers/node_modules} of the checkout, where {@code npm ci} puts the node peers. */
    Path nodeModules() {
        return root().resolve(".ci/peers/node_modules");
    }

    /**
     * {@code shared/<relative>} in the nearest folder above the checkout that has it, so the data is found from the main
     * checkout, from a worktree nested deeper, and from a fresh clone placed beside {@code shared/}. Where none has it,
     * the place beside the checkout, which then fails the check with that path.
     */
    Path shared(String relative) {
        Path root = root();
        for (Path p = root.getParent(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve(relative);
            if (Files.exists(candidate)) {
                return candidate;
            }
        }
        return (root.getParent() == null ? root : root.getParent())
                .resolve("shared")
                .resolve(relative);
    }
}
