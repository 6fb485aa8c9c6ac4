package io.vigil.hub.security.login;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.json.Json;
import io.vigil.hub.security.PrivateFiles;
import io.vigil.hub.security.Secrets;
import io.vigil.hub.security.SecuritySetupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The users of a hub in one JSON file ({@code users.json} in the PKI directory, owner-only), written by
 * {@code vigil hub user add} and by admins through the API. A running hub re-reads the file when it changes, so a user
 * added from the command line can log in at once.
 *
 * <p>Verifying a password costs one PBKDF2 derivation (about 0.1–0.3 s on purpose): call {@link #authenticate} off the
 * event loop. An unknown user costs the same as a wrong password, so timing does not reveal which names exist.
 */
public final class UserStore {
    public static final String FILE = "users.json";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(UserStore.class);
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final PasswordHash DECOY = PasswordHash.of("decoy".toCharArray());

    private final Path file;
    private Map<String, User> users = new TreeMap<>();
    private FileTime loaded;

    private UserStore(Path file) {
        this.file = file;
    }

    /** Opens the store at {@code file} (a missing file is an empty store). */
    public static UserStore open(Path file) {
        var store = new UserStore(file);
        store.reloadIfChanged();
        return store;
    }

    public static UserStore in(Path pkiDir) {
        return open(pkiDir.resolve(FILE));
    }

    /** Adds the user, or replaces the role and password of an existing one; true when the user is new. */
    public synchronized boolean put(String name, Role role, char[] password) {
        if (password.length < 8) {
            throw new IllegalArgumentException("password of user '" + name + "' must have at least 8 characters");
        }
        reloadIfChanged();
        boolean added = users.put(name, new User(name, role, PasswordHash.of(password))) == null;
        save();
        return added;
    }

    /** Removes the user; false when there was none. */
    public synchronized boolean remove(String name) {
        reloadIfChanged();
        boolean removed = users.remove(name) != null;
        if (removed) {
            save();
        }
        return removed;
    }

    public synchronized List<User> list() {
        reloadIfChanged();
        return List.copyOf(users.values());
    }

    /** The user when {@code password} is theirs; blocks for one PBKDF2 derivation. */
    public Optional<User> authenticate(String name, char[] password) {
        User user;
        synchronized (this) {
            reloadIfChanged();
            user = name == null ? null : users.get(name);
        }
        if (user == null) {
            DECOY.matches(password);
            return Optional.empty();
        }
        return user.password().matches(password) ? Optional.of(user) : Optional.empty();
    }

    private record Entry(String name, String role, String password) {}

    private void reloadIfChanged() {
        try {
            if (!Files.exists(file)) {
                users = new TreeMap<>();
                loaded = null;
                return;
            }
            FileTime modified = Files.getLastModifiedTime(file);
            if (modified.equals(loaded)) {
                return;
            }
            PrivateFiles.problem(file).ifPresent(why -> log.warn("users file reloaded, but {}", why));
            List<Entry> entries = MAPPER.readValue(file.toFile(), new TypeReference<List<Entry>>() {});
            var map = new TreeMap<String, User>();
            for (Entry e : entries) {
                map.put(e.name(), new User(e.name(), Role.parse(e.role()), PasswordHash.decode(e.password())));
            }
            users = map;
            loaded = modified;
        } catch (IOException | IllegalArgumentException e) {
            throw new SecuritySetupException("cannot read the users file " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        var entries = new ArrayList<Entry>();
        users.values()
                .forEach(u -> entries.add(
                        new Entry(u.name(), u.role().id(), u.password().encode())));
        try {
            Secrets.writePrivate(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(entries));
            loaded = Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new SecuritySetupException("cannot write the users file " + file + ": " + e.getMessage(), e);
        }
    }
}
