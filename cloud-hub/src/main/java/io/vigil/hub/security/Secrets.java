package io.vigil.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/** Random secrets and the files that hold them, readable by their owner only (0600) where the file system allows. */
public final class Secrets {
    public static final SecureRandom RANDOM = new SecureRandom();

    private Secrets() {}

    /** {@code bytes} random bytes as URL-safe base64 without padding. */
    public static String random(int bytes) {
        var b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    /** Writes {@code content} to a file created with owner-only permissions, replacing an older one. */
    public static void writePrivate(Path file, byte[] content) {
        try {
            createPrivateDirectories(file.toAbsolutePath().getParent());
            var tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.deleteIfExists(tmp);
            try {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(tmp);
            }
            Files.write(tmp, content);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new SecuritySetupException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Creates missing directories owner-only (0700); existing ones are left as they are. */
    public static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        if (dir.getParent() != null) {
            createPrivateDirectories(dir.getParent());
        }
        try {
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (UnsupportedOperationException e) {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException e) {
            // made by someone else in the meantime
        }
    }

    public static void writePrivate(Path file, String content) {
        writePrivate(file, content.getBytes(StandardCharsets.UTF_8));
    }

    /** The first line of a password file, trimmed. */
    public static char[] readPassword(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                throw new SecuritySetupException("password file " + file + " is empty");
            }
            return text.lines().findFirst().orElseThrow().toCharArray();
        } catch (IOException e) {
            throw new SecuritySetupException("cannot read password file " + file + ": " + e.getMessage(), e);
        }
    }
}
