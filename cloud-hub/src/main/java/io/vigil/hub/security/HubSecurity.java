package io.vigil.hub.security;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vigil.hub.ingest.ConnectGate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The hub's security as {@link SecuritySettings} ask: the MQTT gate and the HTTP guard with its routes. */
public final class HubSecurity {
    private static final Logger log = LoggerFactory.getLogger(HubSecurity.class);

    private final SecuritySettings settings;
    private final ConnectGate gate;
    private final UserStore users;
    private final Sessions sessions;
    private final LoginThrottle throttle;

    private HubSecurity(
            SecuritySettings settings, ConnectGate gate, UserStore users, Sessions sessions, LoginThrottle throttle) {
        this.settings = settings;
        this.gate = gate;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
    }

    /** Checks the PKI and the users file now, so a hub with a broken setup refuses to start. */
    public static HubSecurity create(SecuritySettings settings, Clock clock) {
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
        return new HubSecurity(settings, gate, users, sessions, new LoginThrottle(clock));
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
            new AuthRoutes(vertx, users, sessions, throttle).mount(router);
        }
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
                + (settings.mqttTls() ? "mutual TLS" : "plain TCP");
    }
}
