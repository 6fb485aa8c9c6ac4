package io.vigil.hub.security.pki;

import io.vigil.hub.security.SecuritySetupException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The agent certificates the hub no longer accepts: {@code revoked.txt} in the PKI directory, one line per certificate,
 * {@code SERIAL_HEX AGENT REVOKED_AT REASON...}, written by {@code vigil hub revoke} and read by the running hub. A
 * plain file rather than an X.509 CRL: the hub is its own and only relying party, and an operator can read and audit
 * it with {@code cat}. Beside it, {@code issued.txt} lists every agent certificate the CA issued ({@code SERIAL_HEX AGENT
 * ISSUED_AT}), so revoking an agent by name finds all its certificates.
 */
public final class RevocationList {
    public static final String REVOKED = "revoked.txt";
    public static final String ISSUED = "issued.txt";

    private final Path file;
    private volatile Set<BigInteger> serials = Set.of();
    private volatile FileTime loadedStamp;
    private volatile long loadedSize = -1;

    private RevocationList(Path pkiDir) {
        this.file = pkiDir.resolve(REVOKED);
    }

    /** The list in {@code pkiDir}, read now (empty when the file does not exist yet). */
    public static RevocationList in(Path pkiDir) {
        var list = new RevocationList(pkiDir);
        list.refresh();
        return list;
    }

    /** Whether the certificate with this serial number was revoked, as of the last {@link #refresh}. Never blocks. */
    public boolean revoked(BigInteger serial) {
        return serials.contains(serial);
    }

    public int size() {
        return serials.size();
    }

    /**
     * Reads the file again if it changed since the last read; blocking file I/O, so never on an event loop. A line that
     * does not parse is skipped rather than failing the hub: the rest of the list must keep working.
     */
    public void refresh() {
        try {
            var attributes = Files.readAttributes(file, BasicFileAttributes.class);
            if (attributes.lastModifiedTime().equals(loadedStamp) && attributes.size() == loadedSize) {
                return;
            }
            var read = new HashSet<BigInteger>();
            for (String[] fields : lines(file)) {
                parseSerial(fields[0]).ifPresent(read::add);
            }
            serials = Set.copyOf(read);
            loadedStamp = attributes.lastModifiedTime();
            loadedSize = attributes.size();
        } catch (NoSuchFileException none) {
            serials = Set.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the revocation list " + file + ": " + e.getMessage(), e);
        }
    }

    /** Appends the issue of a certificate to {@code issued.txt}. */
    static void recordIssued(Path pkiDir, BigInteger serial, String agent, Instant at) {
        append(pkiDir.resolve(ISSUED), serial.toString(16) + " " + agent + " " + at + "\n");
    }

    /** Serial numbers issued to {@code agent}, from {@code issued.txt}. */
    static List<BigInteger> issuedTo(Path pkiDir, String agent) {
        var out = new ArrayList<BigInteger>();
        try {
            for (String[] fields : lines(pkiDir.resolve(ISSUED))) {
                if (fields.length >= 2 && fields[1].equals(agent)) {
                    parseSerial(fields[0]).ifPresent(out::add);
                }
            }
        } catch (NoSuchFileException none) {
            return out;
        } catch (IOException e) {
            throw new SecuritySetupException("cannot read " + pkiDir.resolve(ISSUED) + ": " + e.getMessage(), e);
        }
        return out;
    }

    /** Appends a revocation; a serial already revoked is not added twice. Returns whether it was new. */
    static boolean revoke(Path pkiDir, BigInteger serial, String agent, Instant at, String reason) {
        var list = in(pkiDir);
        if (list.revoked(serial)) {
            return false;
        }
        String clean = reason.replaceAll("[\\r\\n]+", " ").strip();
        append(
                pkiDir.resolve(REVOKED),
                serial.toString(16) + " " + agent + " " + at + (clean.isEmpty() ? "" : " " + clean) + "\n");
        return true;
    }

    private static List<String[]> lines(Path path) throws IOException {
        var out = new ArrayList<String[]>();
        for (String line : Files.readAllLines(path)) {
            String s = line.strip();
            if (!s.isEmpty() && !s.startsWith("#")) {
                out.add(s.split("\\s+"));
            }
        }
        return out;
    }

    private static Optional<BigInteger> parseSerial(String hex) {
        try {
            return Optional.of(new BigInteger(hex, 16));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void append(Path path, String line) {
        try {
            Files.createDirectories(path.getParent());
            Files.writeString(
                    path, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new SecuritySetupException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
