package io.vigil.hub;

import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.cli.EnrollCommand;
import io.vigil.hub.security.cli.InitCommand;
import io.vigil.hub.security.cli.RevokeCommand;
import io.vigil.hub.security.cli.UserCommand;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code vigil hub}: runs the hub until SIGTERM or Ctrl-C, then stops it cleanly. Its options come in one mixin per
 * concern, each building that concern's record of {@link HubConfiguration}.
 */
@Command(
        name = "hub",
        mixinStandardHelpOptions = true,
        showDefaultValues = true,
        subcommands = {InitCommand.class, EnrollCommand.class, RevokeCommand.class, UserCommand.class},
        description = {
            "Runs the hub: MQTT endpoint for agents (Sparkplug B), PostgreSQL storage, REST/WebSocket API and the twin.",
            "Runs until SIGTERM or Ctrl-C."
        })
public final class HubCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(HubCommand.class);

    @Mixin
    ListenOptions listen = new ListenOptions();

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Mixin
    IngestOptions ingest = new IngestOptions();

    @Mixin
    SecurityOptions security = new SecurityOptions();

    @Mixin
    HttpsOptions https = new HttpsOptions();

    @Mixin
    BrokerOptions broker = new BrokerOptions();

    @Mixin
    ClusterOptions cluster = new ClusterOptions();

    @Mixin
    StorageOptions storage = new StorageOptions();

    /** Login, MQTT TLS and HTTPS as the options ask for. */
    SecuritySettings security() {
        return https.apply(security.settings(listen.host, broker.present()), listen.host);
    }

    /** The configuration the options describe; a refusal names the option. */
    HubConfiguration config() {
        try {
            var securitySettings = security();
            return new HubConfiguration(
                    listen.settings(),
                    database.settings(),
                    ingest.settings(),
                    securitySettings,
                    broker.settings(cluster.port()),
                    cluster.settings(),
                    storage.settings());
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        var config = config();
        Hub hub;
        try {
            hub = Hub.start(config, Clock.systemUTC());
        } catch (SecuritySetupException e) {
            throw new UsageException(e.getMessage());
        }
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            log.info("stopping the hub");
                            hub.close();
                            stopped.countDown();
                        },
                        "vigil-hub-shutdown"));
        log.info("twin: {}", hub.httpUri());
        log.info("MQTT endpoint for agents: {}", hub.mqttUri());
        log.info("press Ctrl-C to stop");
        stopped.await();
        return ExitCodes.OK;
    }
}
