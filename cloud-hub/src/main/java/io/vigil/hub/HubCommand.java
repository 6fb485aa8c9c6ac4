package io.vigil.hub;

import io.vigil.core.cli.DurationConverter;
import io.vigil.core.cli.ExitCodes;
import io.vigil.core.cli.UsageException;
import io.vigil.core.hub.HubSettings;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.hub.cluster.ClusterSettings;
import io.vigil.hub.ingest.BrokerSettings;
import io.vigil.hub.ingest.IngestSettings;
import io.vigil.hub.security.CertificateAuthority;
import io.vigil.hub.security.EnrollCommand;
import io.vigil.hub.security.InitCommand;
import io.vigil.hub.security.RevokeCommand;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.security.SecuritySetupException;
import io.vigil.hub.security.ServerCertificate;
import io.vigil.hub.security.UserCommand;
import io.vigil.hub.store.CopyMode;
import io.vigil.hub.store.StorageSettings;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil hub}: runs the hub until SIGTERM or Ctrl-C, then stops it cleanly. */
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

    @Option(names = "--host", description = "Address every listener binds to.", defaultValue = "127.0.0.1")
    String host;

    @Option(
            names = "--http-port",
            description = "Port of REST, WebSocket and the twin (0 picks a free one).",
            defaultValue = "8080")
    int httpPort;

    @Option(
            names = "--mqtt-port",
            description = "Port of the MQTT endpoint agents publish to (0 picks a free one).",
            defaultValue = "1883")
    int mqttPort;

    @Option(
            names = "--data-dir",
            description = "Where the embedded PostgreSQL keeps its files (kept across restarts).",
            defaultValue = ".vigil/hub")
    Path dataDir;

    @Option(
            names = "--db",
            paramLabel = "JDBC_URL",
            description =
                    "External PostgreSQL/TimescaleDB, e.g. jdbc:postgresql://db:5432/vigil?user=vigil&password=..."
                            + " (default: the embedded PostgreSQL in --data-dir).")
    String db;

    @Option(
            names = "--db-user",
            paramLabel = "NAME",
            description = "With --db: the database user (instead of user=... in the URL).")
    String dbUser;

    @Option(
            names = "--db-password-file",
            paramLabel = "FILE",
            description = "With --db: a file whose first line is the database password (instead of password=... in the"
                    + " URL, which other users of this machine can see in the process list).")
    Path dbPasswordFile;

    @Option(
            names = "--writers",
            description = "Ingest writer threads, each with its own database connection; an agent's connection is"
                    + " served by one of them.",
            defaultValue = "2")
    int writers;

    @Option(
            names = "--queue-rows",
            description = "Rows one writer may hold queued; above 3/4 of it the agents it serves are no longer read"
                    + " (TCP back-pressure) until it drains below 1/4.",
            defaultValue = "200000")
    int queueRows;

    @Option(
            names = "--batch-rows",
            description = "The most rows one writer commits in one transaction.",
            defaultValue = "20000")
    int batchRows;

    @Option(
            names = "--copy-mode",
            description =
                    "How samples reach their table: STAGED (COPY into a staging table, then INSERT ... ON CONFLICT"
                            + " DO NOTHING) or DIRECT (COPY into the table under a savepoint, STAGED only for a batch that"
                            + " holds a redelivery). Both store a redelivered sample once.",
            defaultValue = "DIRECT")
    CopyMode copyMode;

    /** Whether the MQTT endpoint requires agent certificates. */
    enum Tls {
        on,
        off,
        auto
    }

    @Option(
            names = "--auth",
            description = "on: REST, live feed and metrics need a login (users from 'vigil hub user add'); off: open to"
                    + " anyone who reaches the port (demo and development only).",
            defaultValue = "on")
    String auth;

    @Option(
            names = "--mqtt-tls",
            description = "on: MQTT over TLS, agents need a certificate from 'vigil hub enroll' and their client id"
                    + " must equal its CN; off: plain TCP; auto: on when --pki holds a CA, else off (refused unless"
                    + " --host is a loopback address). Not used with --broker (the broker authenticates agents).",
            defaultValue = "auto")
    Tls mqttTls;

    @Option(
            names = "--pki",
            paramLabel = "DIR",
            description = "The PKI directory made by 'vigil hub init' (CA, hub certificate, users.json).",
            defaultValue = ".vigil/hub/pki")
    Path pki;

    @Option(
            names = "--session-ttl",
            converter = DurationConverter.class,
            description = "How long a login lasts.",
            defaultValue = "8h")
    Duration sessionTtl;

    SecuritySettings security() {
        boolean login =
                switch (auth) {
                    case "on" -> true;
                    case "off" -> false;
                    default -> throw new UsageException("--auth '" + auth + "' must be on or off");
                };
        if (broker != null) {
            if (mqttTls == Tls.on) {
                throw new UsageException("--mqtt-tls on does not apply with --broker: the broker authenticates agents");
            }
            return new SecuritySettings(login, false, pki, sessionTtl);
        }
        boolean tls =
                switch (mqttTls) {
                    case on -> true;
                    case off -> false;
                    case auto -> CertificateAuthority.exists(pki);
                };
        if (mqttTls == Tls.auto && !tls && !loopback(host)) {
            throw new UsageException("--host " + host + " is reachable from other machines but there is no CA in " + pki
                    + ": run 'vigil hub init' for mutual TLS, or pass --mqtt-tls off to accept any agent");
        }
        return new SecuritySettings(login, tls, pki, sessionTtl);
    }

    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    @Option(
            names = "--broker",
            paramLabel = "URI",
            description = "External MQTT 5 broker (tcp://HOST:PORT) to subscribe to, instead of running the embedded"
                    + " endpoint (--mqtt-port is then unused): persistent sessions, QoS 1, acknowledged after commit"
                    + " (default: the embedded endpoint).")
    URI broker;

    @Option(
            names = "--share-group",
            paramLabel = "NAME",
            description = "With --broker: consume data through the shared subscription $share/NAME/..., so hubs with"
                    + " the same group split the load (default: none, this hub takes every message).")
    String shareGroup;

    @Option(
            names = "--client-id",
            paramLabel = "ID",
            description = "With --broker: MQTT client id of the persistent session and Sparkplug host id of"
                    + " spBv1.0/STATE/ID; keep it across restarts, unique per hub (default: vigil-hub-HOSTNAME, with"
                    + " --cluster vigil-hub-HOSTNAME-CLUSTER_PORT).")
    String clientId;

    @Option(
            names = "--broker-sessions",
            paramLabel = "N",
            description = "With --broker: MQTT sessions this hub consumes data through (client ids ID, ID.1, ...),"
                    + " each feeding one writer; with N > 1 and no --share-group they share the data through the"
                    + " group ID. 1 with no --share-group keeps each edge node's messages in order and checks Sparkplug"
                    + " sequence numbers.",
            defaultValue = "" + BrokerSettings.DEFAULT_SESSIONS)
    int brokerSessions;

    @Option(
            names = "--broker-session-expiry",
            paramLabel = "DURATION",
            description = "With --broker: how long the broker keeps this hub's sessions, and what it queues for them,"
                    + " while the hub is away (MQTT 5 session expiry; e.g. 30m, 12h, 7d).",
            defaultValue = "1d",
            converter = DurationConverter.class)
    Duration brokerSessionExpiry;

    @Option(
            names = "--broker-receive-maximum",
            paramLabel = "N",
            description = "With --broker: unacknowledged messages the broker may send each session before the hub"
                    + " has committed them (MQTT 5 receive maximum): the back-pressure to a broker that honours it"
                    + " (EMQX, HiveMQ); Mosquitto 2.0.11 does not, so the default is MQTT's own.",
            defaultValue = "" + BrokerSettings.DEFAULT_RECEIVE_MAXIMUM)
    int brokerReceiveMaximum;

    @Option(
            names = "--cluster",
            description = "Run as one node of a cluster of hubs (Hazelcast, TCP-IP join): they split the data through"
                    + " the broker's shared subscription, store it in one PostgreSQL, and every node's live feed shows"
                    + " what any node ingested; when one dies, another takes over its broker session. Needs --broker,"
                    + " --share-group and --db.")
    boolean clusterMode;

    @Option(
            names = "--cluster-host",
            paramLabel = "IP",
            description = "With --cluster: the interface the cluster binds to and announces to the other hubs.",
            defaultValue = "127.0.0.1")
    String clusterHost;

    @Option(
            names = "--cluster-port",
            paramLabel = "PORT",
            description = "With --cluster: this hub's cluster (Hazelcast) port on --cluster-host.",
            defaultValue = "5701")
    int clusterPort;

    @Option(
            names = "--cluster-members",
            paramLabel = "HOST:PORT,...",
            description = "With --cluster: the other hubs to join, as HOST:PORT of their --cluster-host and"
                    + " --cluster-port (default: none; this hub waits for the others to join it).")
    String clusterMembers;

    @Option(
            names = "--cluster-name",
            paramLabel = "NAME",
            description = "With --cluster: hubs join only a cluster of the same name.",
            defaultValue = ClusterSettings.DEFAULT_NAME)
    String clusterName;

    @Option(
            names = "--https",
            description =
                    "on: REST, the live WebSocket and the twin over TLS (https://, wss://) with --tls-cert/--tls-key,"
                            + " --tls-keystore or else the hub's certificate from 'vigil hub init'; with login on and a CA in"
                            + " --pki, agents may present their certificate instead of a password; off: plain HTTP; auto: on"
                            + " when a certificate is given or --pki holds a CA, else off.",
            defaultValue = "auto")
    Tls https;

    @Option(
            names = "--tls-cert",
            paramLabel = "PEM",
            description =
                    "With --https: the server certificate chain (PEM) to present instead of the hub's own, e.g. one"
                            + " browsers already trust; needs --tls-key (default: the hub's certificate).")
    Path tlsCert;

    @Option(
            names = "--tls-key",
            paramLabel = "PEM",
            description = "With --tls-cert: its private key, unencrypted PEM (PKCS#8 or PKCS#1).")
    Path tlsKey;

    @Option(
            names = "--tls-keystore",
            paramLabel = "P12",
            description = "With --https: a PKCS#12 key store to present instead of the hub's own certificate; needs"
                    + " --tls-keystore-password-file (default: the hub's certificate).")
    Path tlsKeystore;

    @Option(
            names = "--tls-keystore-password-file",
            paramLabel = "FILE",
            description = "With --tls-keystore: a file whose first line is its password.")
    Path tlsKeystorePasswordFile;

    /** {@code security} with the HTTPS listener {@code --https} and the certificate options ask for. */
    SecuritySettings https(SecuritySettings security) {
        if ((tlsCert == null) != (tlsKey == null)) {
            throw new UsageException("--tls-cert and --tls-key go together: the certificate and its private key");
        }
        if ((tlsKeystore == null) != (tlsKeystorePasswordFile == null)) {
            throw new UsageException("--tls-keystore and --tls-keystore-password-file go together");
        }
        if (tlsCert != null && tlsKeystore != null) {
            throw new UsageException("give either --tls-cert/--tls-key or --tls-keystore, not both");
        }
        boolean given = tlsCert != null || tlsKeystore != null;
        boolean on =
                switch (https) {
                    case on -> true;
                    case off -> false;
                    case auto -> given || CertificateAuthority.exists(pki);
                };
        if (!on) {
            if (given) {
                throw new UsageException("--https off leaves --tls-cert/--tls-keystore unused: drop one of them");
            }
            if (security.auth() && !loopback(host)) {
                log.warn(
                        "HTTP is plain on {}: logins and session tokens cross the network in clear; run 'vigil hub"
                                + " init' or pass --tls-cert/--tls-key for HTTPS",
                        host);
            }
            return security;
        }
        ServerCertificate certificate = tlsCert != null
                ? new ServerCertificate.Pem(tlsCert, tlsKey)
                : tlsKeystore != null
                        ? new ServerCertificate.Pkcs12(tlsKeystore, tlsKeystorePasswordFile)
                        : new ServerCertificate.HubCertificate();
        return security.withHttps(certificate);
    }

    @Option(
            names = "--retention-days",
            paramLabel = "DAYS",
            description = "Keep raw samples and scores this many whole UTC days, then drop them by the day (plain"
                    + " PostgreSQL: its daily partitions; TimescaleDB: a retention policy); 0 keeps them forever.",
            defaultValue = "0")
    int retentionDays;

    @Option(
            names = "--rollup-1m-retention-days",
            paramLabel = "DAYS",
            description = "Keep the per-minute rollups this many days; 0 keeps them forever. Must be 0 or at least"
                    + " --retention-days (history older than the raw samples is answered from the rollups).",
            defaultValue = "0")
    int minuteRollupDays;

    @Option(
            names = "--rollup-1h-retention-days",
            paramLabel = "DAYS",
            description = "Keep the per-hour rollups this many days; 0 keeps them forever. Must be 0 or at least"
                    + " --rollup-1m-retention-days.",
            defaultValue = "0")
    int hourRollupDays;

    @Option(
            names = "--partitions-ahead",
            paramLabel = "DAYS",
            description = "Plain PostgreSQL: daily partitions kept ready after today (checked every hour).",
            defaultValue = "2")
    int partitionsAhead;

    StorageSettings storage() {
        try {
            return new StorageSettings(
                    retentionDays,
                    minuteRollupDays,
                    hourRollupDays,
                    partitionsAhead,
                    StorageSettings.DEFAULT.interval());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + " (given --retention-days " + retentionDays
                    + ", --rollup-1m-retention-days " + minuteRollupDays + ", --rollup-1h-retention-days "
                    + hourRollupDays + ", --partitions-ahead " + partitionsAhead + ")");
        }
    }

    @Override
    public Integer call() throws InterruptedException {
        HubSettings settings;
        IngestSettings ingest;
        SecuritySettings security;
        Optional<BrokerSettings> brokerSettings;
        Optional<ClusterSettings> cluster;
        StorageSettings storage;
        try {
            security = https(security());
            settings = new HubSettings(host, httpPort, mqttPort, dataDir, dbUrl());
            ingest = new IngestSettings(writers, queueRows, batchRows, copyMode);
            brokerSettings = brokerSettings();
            cluster = clusterSettings();
            storage = storage();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        Hub hub;
        try {
            hub = Hub.start(settings, ingest, security, brokerSettings, cluster, storage, Clock.systemUTC());
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

    /** {@code --db} with {@code --db-user} and the password from {@code --db-password-file} added as URL parameters. */
    Optional<String> dbUrl() {
        if (db == null) {
            if (dbUser != null || dbPasswordFile != null) {
                throw new IllegalArgumentException("--db-user and --db-password-file need --db");
            }
            return Optional.empty();
        }
        var url = new StringBuilder(db);
        if (dbUser != null) {
            url.append(db.contains("?") ? '&' : '?').append("user=").append(encode(dbUser));
        }
        if (dbPasswordFile != null) {
            String password;
            try (var lines = java.nio.file.Files.lines(dbPasswordFile)) {
                password = lines.findFirst().orElse("");
            } catch (java.io.IOException | java.io.UncheckedIOException e) {
                throw new IllegalArgumentException("--db-password-file " + dbPasswordFile + " cannot be read: " + e);
            }
            url.append(url.indexOf("?") >= 0 ? '&' : '?').append("password=").append(encode(password));
        }
        return Optional.of(url.toString());
    }

    private static String encode(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)
                .replace("+", "%20");
    }

    private Optional<BrokerSettings> brokerSettings() {
        if (broker == null) {
            if (shareGroup != null || clientId != null) {
                throw new IllegalArgumentException("--share-group and --client-id need --broker");
            }
            return Optional.empty();
        }
        String id = clientId != null ? clientId : defaultClientId();
        return Optional.of(new BrokerSettings(
                broker,
                Optional.ofNullable(shareGroup),
                id,
                brokerSessions,
                brokerSessionExpiry,
                brokerReceiveMaximum));
    }

    /** vigil-hub-HOSTNAME, with the cluster port in a cluster so two hubs on one machine get different sessions. */
    private String defaultClientId() {
        String id = "vigil-hub-" + SparkplugCodec.tagId(hostName());
        return clusterMode ? id + "-" + clusterPort : id;
    }

    private Optional<ClusterSettings> clusterSettings() {
        if (!clusterMode) {
            if (clusterMembers != null) {
                throw new IllegalArgumentException("--cluster-members needs --cluster");
            }
            return Optional.empty();
        }
        return Optional.of(new ClusterSettings(
                clusterHost, clusterPort, ClusterSettings.parseMembers(clusterMembers), clusterName));
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}
