package io.vigil.hub;

import io.vigil.core.hub.HubSettings;
import io.vigil.core.hub.HubTotals;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A hub with its defaults on 127.0.0.1 (ports the system picks) and the embedded PostgreSQL in a folder of its own,
 * started once per test class and closed after it: {@code @RegisterExtension static final LoopbackHub hub = new
 * LoopbackHub();}. Runs before the class's own {@code @BeforeAll} methods, so they can already publish to it.
 */
public final class LoopbackHub implements BeforeAllCallback, AfterAllCallback {
    private Path dir;
    private Hub hub;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("vigil-hub-");
        hub = Hub.start(new HubSettings("127.0.0.1", 0, 0, dir, Optional.empty()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (hub != null) {
                hub.close();
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    public Hub hub() {
        return hub;
    }

    public URI mqttUri() {
        return hub.mqttUri();
    }

    public URI httpUri() {
        return hub.httpUri();
    }

    public String jdbcUrl() {
        return hub.jdbcUrl();
    }

    public HubTotals totals() {
        return hub.totals();
    }
}
