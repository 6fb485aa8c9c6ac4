package io.vigil.adapters.modbus;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request limits learned per Modbus device ({@code host:port:unit}), kept across restarts in a small properties
 * file, one line per device: {@code 10.0.0.5\:502\:1=32/32} (current limit / ceiling).
 *
 * <p>The file is read once, at the first {@link #get}, and rewritten whole after each change: to a temporary file in
 * the same folder, then moved over the old one, so a crash leaves either the old or the new file. A file that cannot
 * be read or parsed is logged once and ignored (the devices' limits are learned again); a write that fails is logged
 * and the limits stay in memory. One instance per file is shared by every adapter of the process ({@link #at}).
 */
public final class LearnedLimits {
    /** Beside the agent's default PKI folder ({@code .vigil/agent/pki}), relative to the working directory. */
    public static final Path DEFAULT_FILE = Path.of(".vigil/agent/modbus-limits.properties");

    private static final Logger log = LoggerFactory.getLogger(LearnedLimits.class);
    private static final Map<Path, LearnedLimits> SHARED = new ConcurrentHashMap<>();

    private final Path file;
    private Map<String, Learned> limits;

    private LearnedLimits(Path file) {
        this.file = file;
    }

    /** The store kept in {@code file} (one instance per absolute path). */
    public static LearnedLimits at(Path file) {
        Objects.requireNonNull(file, "file");
        return SHARED.computeIfAbsent(file.toAbsolutePath().normalize(), LearnedLimits::new);
    }

    /** A store of its own on {@code file}, not shared: what a restarted process sees. */
    static LearnedLimits unshared(Path file) {
        return new LearnedLimits(Objects.requireNonNull(file, "file"));
    }

    /** A store that keeps nothing between runs (tests, benchmarks). */
    public static LearnedLimits inMemory() {
        return new LearnedLimits(null);
    }

    /**
     * What a device has taught so far.
     *
     * @param limit the most registers per request in use
     * @param ceiling the most registers per request the limit may grow back to (lowered by exception 03 only)
     */
    public record Learned(int limit, int ceiling) {
        public Learned {
            if (ceiling < 1 || ceiling > ModbusTable.MAX_REGISTERS_PER_REQUEST) {
                throw new IllegalArgumentException(
                        "ceiling " + ceiling + " must be 1.." + ModbusTable.MAX_REGISTERS_PER_REQUEST);
            }
            if (limit < 1 || limit > ceiling) {
                throw new IllegalArgumentException("limit " + limit + " must be 1.." + ceiling + " (the ceiling)");
            }
        }

        /** Nothing learned: the protocol's 125 registers. */
        public static final Learned PROTOCOL =
                new Learned(ModbusTable.MAX_REGISTERS_PER_REQUEST, ModbusTable.MAX_REGISTERS_PER_REQUEST);

        static Learned parse(String text) {
            int slash = text.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + text + "' is not limit/ceiling");
            }
            return new Learned(
                    Integer.parseInt(text.substring(0, slash).trim()),
                    Integer.parseInt(text.substring(slash + 1).trim()));
        }

        @Override
        public String toString() {
            return limit + "/" + ceiling;
        }
    }

    /** The key of a device in the file. */
    static String key(ModbusEndpoint endpoint) {
        return endpoint.host() + ":" + endpoint.port() + ":" + endpoint.unitId();
    }

    /** What the device has taught before, if anything. */
    public synchronized Optional<Learned> get(String device) {
        return Optional.ofNullable(loaded().get(device));
    }

    /** Remembers what the device taught; rewrites the file when it changed. */
    public synchronized void put(String device, Learned learned) {
        Objects.requireNonNull(learned, "learned");
        if (learned.equals(loaded().put(device, learned)) || file == null) {
            return;
        }
        try {
            write();
        } catch (IOException | UncheckedIOException e) {
            log.warn(
                    "cannot save the learned Modbus request limits to {}: {}; they stay in memory", file, e.toString());
        }
    }

    private Map<String, Learned> loaded() {
        if (limits == null) {
            limits = file == null ? new TreeMap<>() : read(file);
        }
        return limits;
    }

    private static Map<String, Learned> read(Path file) {
        var out = new TreeMap<String, Learned>();
        var props = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(in);
        } catch (NoSuchFileException none) {
            return out;
        } catch (IOException | IllegalArgumentException e) {
            log.warn("ignoring the learned Modbus request limits in {}: cannot read it ({})", file, e.toString());
            return out;
        }
        for (String device : props.stringPropertyNames()) {
            try {
                out.put(device, Learned.parse(props.getProperty(device)));
            } catch (IllegalArgumentException e) {
                log.warn("ignoring the learned Modbus request limit of {} in {}: {}", device, file, e.getMessage());
            }
        }
        return out;
    }

    private void write() throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        var props = new Properties();
        limits.forEach((device, learned) -> props.setProperty(device, learned.toString()));
        Path temp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                props.store(out, "Modbus request limits learned by the Vigil agent: host:port:unit=limit/ceiling");
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
