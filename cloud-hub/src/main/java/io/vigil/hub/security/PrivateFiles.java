package io.vigil.hub.security;

import io.vigil.hub.security.login.UserStore;
import io.vigil.hub.security.pki.CertificateAuthority;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The hub's secret files must stay readable by their owner only. {@code vigil hub init} makes them 0600, but a copy, a
 * restore or a careless {@code chmod} can open them later (issue 21): the hub then refuses to start, naming the file
 * and its mode, and a users file that became readable by others while the hub runs is reported when it is reloaded.
 * Only group and other bits matter; file systems without POSIX permissions are not checked.
 */
public final class PrivateFiles {
    /** The secrets in the PKI directory: the users' password hashes, the CA key store and the two store passwords. */
    public static final List<String> NAMES = List.of(
            UserStore.FILE,
            CertificateAuthority.CA_STORE,
            CertificateAuthority.CA_PASSWORD,
            CertificateAuthority.HUB_PASSWORD);

    private static final Set<PosixFilePermission> OPEN = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFiles() {}

    /** What is wrong with {@code file}'s permissions, naming the file and its mode; empty when it is private. */
    public static Optional<String> problem(Path file) {
        Set<PosixFilePermission> perms;
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            perms = Files.getPosixFilePermissions(file);
        } catch (UnsupportedOperationException e) {
            return Optional.empty();
        } catch (IOException e) {
            return Optional.of("cannot read the permissions of " + file + ": " + e.getMessage());
        }
        var open = EnumSet.copyOf(perms.isEmpty() ? EnumSet.noneOf(PosixFilePermission.class) : perms);
        open.retainAll(OPEN);
        if (open.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(file + " has mode " + mode(perms) + " (" + PosixFilePermissions.toString(perms)
                + "): it holds a secret and must be readable by its owner only; run chmod 600 " + file);
    }

    /** Refuses (with every problem found) when a secret in {@code pkiDir} is readable by group or others. */
    public static void requirePrivate(Path pkiDir) {
        var problems = new ArrayList<String>();
        for (String name : NAMES) {
            problem(pkiDir.resolve(name)).ifPresent(problems::add);
        }
        if (!problems.isEmpty()) {
            throw new SecuritySetupException(String.join("; ", problems));
        }
    }

    static String mode(Set<PosixFilePermission> perms) {
        int bits = 0;
        for (PosixFilePermission p : perms) {
            bits |= 1 << (8 - p.ordinal());
        }
        return String.format("%04o", bits);
    }
}
