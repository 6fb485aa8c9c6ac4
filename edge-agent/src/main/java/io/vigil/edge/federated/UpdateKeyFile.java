package io.vigil.edge.federated;

import io.vigil.model.federated.AgentIdentity;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;

/**
 * The agent's Ed25519 key for signing federated updates, kept in two files ({@code fl-update-key.pk8}, owner-only,
 * and {@code fl-update-key.pub}) so a restarted agent signs with the key the hub already holds for it (the hub keeps
 * the first key an agent registers and refuses another).
 */
public final class UpdateKeyFile {
    private UpdateKeyFile() {}

    /** The key in {@code dir}, made there on first use. */
    public static AgentIdentity loadOrCreate(Path dir, String agentId) {
        Path priv = dir.resolve("fl-update-key.pk8");
        Path pub = dir.resolve("fl-update-key.pub");
        try {
            if (Files.exists(priv) && Files.exists(pub)) {
                KeyFactory f = KeyFactory.getInstance("Ed25519");
                return new AgentIdentity(
                        agentId,
                        new KeyPair(
                                f.generatePublic(new X509EncodedKeySpec(Files.readAllBytes(pub))),
                                f.generatePrivate(new PKCS8EncodedKeySpec(Files.readAllBytes(priv)))));
            }
            AgentIdentity id = AgentIdentity.generate(agentId);
            Files.createDirectories(dir);
            Files.write(priv, id.keys().getPrivate().getEncoded());
            try {
                Files.setPosixFilePermissions(priv, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system (Windows): the directory's own permissions protect it
            }
            Files.write(pub, id.publicKey().getEncoded());
            return id;
        } catch (IOException e) {
            throw new UncheckedIOException("the federated update key in " + dir + " cannot be read or written", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the federated update key in " + dir + " is not an Ed25519 key pair", e);
        }
    }
}
