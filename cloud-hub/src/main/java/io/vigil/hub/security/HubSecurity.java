package io.vigil.hub.security;

import io.vertx.core.Vertx;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vigil.hub.ingest.ConnectGate;
import io.vigil.hub.security.login.AuthRoutes;
import io.vigil.hub.security.login.LoginThrottle;
import io.vigil.hub.security.login.Permissions;
import io.vigil.hub.security.login.Sessions;
import io.vigil.hub.security.login.UserStore;
import io.vigil.hub.security.pki.AgentCertificateGate;
import io.vigil.hub.security.pki.AgentCertificates;
import io.vigil.hub.security.pki.CertificateAuthority;
import io.vigil.hub.security.pki.ServerCertificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's security as {@link SecuritySettings} ask: the MQTT gate, the HTTP listener's TLS and the HTTP guard with its
 * routes.
 */
public final class HubSecurity {
    private static final Logger log = LoggerFactory.getLogger(HubSecurity.class);
    private static final long REVOCATION_REFRESH_MS = 5_000;

    private final SecuritySettings settings;
    private final ConnectGate gate;
    private final UserStore users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Optional<AgentCertificates> certificates;

    private HubSecurity(
            SecuritySettings settings,
            ConnectGate gate,
            UserStore users,
            Sessions sessions,
            LoginThrottle throttle,
            Optional<AgentCertificates> certificates) {
        this.settings = settings;
        this.gate = gate;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.certificates = certificates;
    }

    /** Checks the PKI and the users file now, so a hub with a broken setup refuses to start. */
    public static HubSecurity create(SecuritySettings settings, Clock clock) {
        if (settings.auth() || settings.mqttTls() || settings.https().isPresent()) {
            PrivateFiles.requirePrivate(settings.pkiDir());
        }
        ConnectGate gate = settings.mqttTls() ? new AgentCertificateGate(settings.pkiDir()) : ConnectGate.OPEN;
        UserStore users = null;
        Sessions sessions = null;
        if (settings.auth()) {
            users = UserStore.in(settings.pkiDir());
            sessions = new Sessions(clock, settings.sessionTtl());
            if (users.list().isEmpty()) {
                log.warn(
                        "login is on but {} holds no users: nobody can log in; add one with"
                                + " 'vigil hub user add NAME --role admin'",
                        settings.pkiDir().resolve(UserStore.FILE));
            }
        }
        settings.https().ifPresent(c -> c.check(settings.pkiDir()));
        Optional<AgentCertificates> certificates =
                settings.https().isPresent() && settings.auth() && CertificateAuthority.exists(settings.pkiDir())
                        ? Optional.of(new AgentCertificates(settings.pkiDir()))
                        : Optional.empty();
        return new HubSecurity(settings, gate, users, sessions, new LoginThrottle(clock), certificates);
    }

    /**
     * The HTTP listener's options with TLS when {@link SecuritySettings#https} asks for it: the server certificate,
     * and with login on and a CA in the PKI directory, a request (not a requirement) for a client certificate from
     * that CA, so browsers connect without one and agents present theirs.
     */
    public HttpServerOptions httpOptions(HttpServerOptions options) {
        if (settings.https().isEmpty()) {
            return options;
        }
        options.setSsl(true).setKeyCertOptions(settings.https().get().keyCertOptions(settings.pkiDir()));
        if (certificates.isPresent()) {
            options.setTrustOptions(new PemTrustOptions()
                            .addCertPath(settings.pkiDir()
                                    .resolve(CertificateAuthority.CA_CERT)
                                    .toString()))
                    .setClientAuth(ClientAuth.REQUEST);
        }
        return options;
    }

    /** Whether the HTTP listener speaks TLS. */
    public boolean https() {
        return settings.https().isPresent();
    }

    public ConnectGate mqttGate() {
        return gate;
    }

    public SecuritySettings settings() {
        return settings;
    }

    /** Mounts the guard and the login and user routes; call first, on an empty router. */
    public void mount(Vertx vertx, Router router) {
        if (settings.auth()) {
            new AuthRoutes(vertx, users, sessions, throttle, certificates).mount(router);
        }
        certificates.ifPresent(c -> vertx.setPeriodic(REVOCATION_REFRESH_MS, id -> vertx.executeBlocking(
                        () -> {
                            c.refresh();
                            return null;
                        },
                        false)
                .onFailure(e -> log.error("re-reading revoked.txt failed; keeping the last list: {}", e.toString()))));
    }

    /**
     * With login on, refuses a router holding a route that changes state without a row in {@link Permissions}: such
     * a route would be closed to everyone, which is a bug to fix in the table, not to find in production.
     */
    public void checkClassified(Router router) {
        if (!settings.auth()) {
            return;
        }
        var missing = unclassified(router);
        if (!missing.isEmpty()) {
            throw new IllegalStateException("routes that change state lack a row in Permissions.RULES: " + missing);
        }
    }

    /** {@code METHOD path} of every route answering a method other than GET/HEAD with no row in the table. */
    public static List<String> unclassified(Router router) {
        var missing = new ArrayList<String>();
        for (Route r : router.getRoutes()) {
            if (r.methods() == null || r.methods().isEmpty() || r.getPath() == null) {
                continue;
            }
            for (HttpMethod m : r.methods()) {
                if (!Permissions.classified(m, r.getPath())) {
                    missing.add(m + " " + r.getPath());
                }
            }
        }
        return missing;
    }

    public String describe() {
        return (settings.auth() ? "login required (" + users.list().size() + " users)" : "login OFF") + ", MQTT "
                + (settings.mqttTls() ? "mutual TLS" : "plain TCP") + ", HTTP "
                + settings.https().map(this::describe).orElse("plain");
    }

    private String describe(ServerCertificate c) {
        return "over TLS (" + c + (certificates.isPresent() ? ", agent certificates accepted)" : ")");
    }
}
