package io.vigil.hub.security.login;

import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.ApiException;
import io.vigil.hub.security.pki.AgentCertificates;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The guard in front of every route, and the routes of logging in and of managing users. The guard looks the request
 * up in {@link Permissions}, finds the session from {@code Authorization: Bearer TOKEN} or the {@code vigil_session}
 * cookie (HttpOnly, SameSite=Strict, so another site cannot ride it), and answers 401 {@code auth.required} without
 * a valid session and 403 {@code auth.forbidden} with a role that is too weak, before any handler runs.
 *
 * <p>Over HTTPS a client certificate from the hub's CA comes first: it makes the request an agent's ({@link Role#AGENT},
 * named by the CN), whatever token comes with it, and the agent may call only the rows marked for agents, with its own
 * id ({@code auth.agent.forbidden}, {@code auth.agent.other}, both 403); a revoked one is refused with 401
 * {@code auth.certificate.refused}.
 */
public final class AuthRoutes {
    private static final Logger log = LoggerFactory.getLogger(AuthRoutes.class);
    public static final String COOKIE = "vigil_session";
    static final String PRINCIPAL = "vigil.principal";
    private static final int BODY_LIMIT = 16 * 1024;

    private final Vertx vertx;
    private final UserStore users;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    private final Optional<AgentCertificates> certificates;

    /** With {@code certificates}, a request presenting an agent certificate is that agent's. */
    public AuthRoutes(
            Vertx vertx,
            UserStore users,
            Sessions sessions,
            LoginThrottle throttle,
            Optional<AgentCertificates> certificates) {
        this.vertx = vertx;
        this.users = users;
        this.sessions = sessions;
        this.throttle = throttle;
        this.certificates = certificates;
    }

    /** Mounts the guard first and the auth routes after it; call before any other route is added. */
    public void mount(Router router) {
        router.route().handler(this::guard);
        router.post("/api/v1/login").handler(body()).handler(this::login);
        router.post("/api/v1/logout").handler(this::logout);
        router.get("/api/v1/me").handler(ctx -> json(ctx, 200, principalJson(principal(ctx))));
        router.get("/api/v1/users").handler(this::listUsers);
        router.put("/api/v1/users/:name").handler(body()).handler(this::putUser);
        router.delete("/api/v1/users/:name").handler(this::deleteUser);
    }

    private static BodyHandler body() {
        return BodyHandler.create(false).setBodyLimit(BODY_LIMIT);
    }

    private void guard(RoutingContext ctx) {
        var access = Permissions.access(ctx.request().method(), ctx.normalizedPath());
        if (access instanceof Permissions.Access.Open) {
            ctx.next();
            return;
        }
        if (access instanceof Permissions.Access.Unclassified) {
            deny(
                    ctx,
                    ApiError.AUTH_UNCLASSIFIED,
                    "no route " + ctx.request().method() + " " + ctx.normalizedPath() + " is open to any role");
            return;
        }
        var presented = certificates.map(c -> c.of(ctx.request())).orElseGet(AgentCertificates.Presented.None::new);
        if (presented instanceof AgentCertificates.Presented.Agent agent) {
            guardAgent(ctx, agent);
            return;
        }
        if (presented instanceof AgentCertificates.Presented.Refused refused) {
            log.warn("refused a client certificate from {}: {}", ctx.request().remoteAddress(), refused.reason());
            deny(ctx, ApiError.AUTH_CERTIFICATE_REFUSED, refused.reason());
            return;
        }
        Role needed = ((Permissions.Access.Needs) access).role();
        Optional<Principal> p = sessions.find(token(ctx));
        if (p.isEmpty()) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"vigil\"");
            deny(ctx, ApiError.AUTH_REQUIRED, "log in first (POST /api/v1/login)");
            return;
        }
        if (!p.get().role().grants(needed)) {
            deny(
                    ctx,
                    ApiError.AUTH_FORBIDDEN,
                    "user '" + p.get().user() + "' (" + p.get().role() + ") may not "
                            + ctx.request().method() + " " + ctx.normalizedPath() + ": needs " + needed);
            return;
        }
        ctx.put(PRINCIPAL, p.get());
        ctx.next();
    }

    private void guardAgent(RoutingContext ctx, AgentCertificates.Presented.Agent agent) {
        var method = ctx.request().method();
        String path = ctx.normalizedPath();
        switch (Permissions.agentAccess(method, path, agent.id())) {
            case ALLOWED -> {
                ctx.put(PRINCIPAL, new Principal(agent.id(), Role.AGENT, agent.notAfter()));
                ctx.next();
            }
            case OTHER_AGENT ->
                deny(
                        ctx,
                        ApiError.AUTH_AGENT_OTHER,
                        "agent '" + agent.id() + "' may not " + method + " " + path + ": an agent certificate speaks"
                                + " only for its own id");
            case NOT_FOR_AGENTS ->
                deny(
                        ctx,
                        ApiError.AUTH_AGENT_FORBIDDEN,
                        "agent '" + agent.id() + "' may not " + method + " " + path + ": agent certificates may"
                                + " only read their assignments and packages and post their reports");
        }
    }

    private static String token(RoutingContext ctx) {
        String auth = ctx.request().getHeader("Authorization");
        if (auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return auth.substring(7).trim();
        }
        Cookie c = ctx.request().getCookie(COOKIE);
        return c == null ? null : c.getValue();
    }

    private void login(RoutingContext ctx) {
        JsonObject body = bodyJson(ctx);
        String name = body.getValue("user") instanceof String s ? s : null;
        String password = body.getValue("password") instanceof String s ? s : null;
        if (name == null || password == null) {
            throw ApiException.badParam("login needs a JSON body {\"user\": \"...\", \"password\": \"...\"}");
        }
        String from = String.valueOf(ctx.request().remoteAddress());
        var wait = throttle.wait(name);
        if (wait.isPresent()) {
            ctx.response().putHeader("Retry-After", String.valueOf(wait.get().toSeconds() + 1));
            throw ApiError.AUTH_THROTTLED.exception("too many wrong passwords for '" + name + "': try again in "
                    + (wait.get().toSeconds() + 1) + " s");
        }
        vertx.executeBlocking(() -> users.authenticate(name, password.toCharArray()), false)
                .onFailure(ctx::fail)
                .onSuccess(user -> {
                    if (user.isEmpty()) {
                        throttle.failed(name);
                        log.warn("failed login for user '{}' from {}", name, from);
                        ctx.fail(ApiError.AUTH_FAILED.exception("wrong user or password"));
                        return;
                    }
                    throttle.succeeded(name);
                    var issued = sessions.issue(user.get());
                    log.info(
                            "user '{}' ({}) logged in from {}", name, user.get().role(), from);
                    ctx.response()
                            .addCookie(Cookie.cookie(COOKIE, issued.token())
                                    .setHttpOnly(true)
                                    .setSameSite(CookieSameSite.STRICT)
                                    .setSecure(ctx.request().isSSL())
                                    .setPath("/")
                                    .setMaxAge(sessions.ttl().toSeconds()));
                    json(ctx, 200, principalJson(issued.principal()).put("token", issued.token()));
                });
    }

    private void logout(RoutingContext ctx) {
        sessions.revoke(token(ctx));
        ctx.response()
                .addCookie(Cookie.cookie(COOKIE, "")
                        .setHttpOnly(true)
                        .setSameSite(CookieSameSite.STRICT)
                        .setPath("/")
                        .setMaxAge(0));
        ctx.response().setStatusCode(204).end();
    }

    private void listUsers(RoutingContext ctx) {
        vertx.executeBlocking(users::list, false).onFailure(ctx::fail).onSuccess(list -> {
            var arr = new JsonArray();
            list.forEach(u -> arr.add(
                    new JsonObject().put("name", u.name()).put("role", u.role().id())));
            json(ctx, 200, arr);
        });
    }

    private void putUser(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        JsonObject body = bodyJson(ctx);
        Role role;
        try {
            role = Role.parse(body.getValue("role") instanceof String s ? s : null);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParam(e.getMessage());
        }
        if (!(body.getValue("password") instanceof String password)) {
            throw ApiException.badParam("password is required (a string of at least 8 characters)");
        }
        vertx.executeBlocking(() -> changeUser(name, role, password), false)
                .onFailure(ctx::fail)
                .onSuccess(added -> {
                    sessions.revokeUser(name);
                    log.info(
                            "user '{}' {} as {} by '{}'",
                            name,
                            added ? "added" : "changed",
                            role,
                            principal(ctx).user());
                    json(
                            ctx,
                            added ? 201 : 200,
                            new JsonObject().put("name", name).put("role", role.id()));
                });
    }

    private boolean changeUser(String name, Role role, String password) {
        if (role != Role.ADMIN) {
            refuseLastAdmin(name);
        }
        try {
            return users.put(name, role, password.toCharArray());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParam(e.getMessage());
        }
    }

    private void deleteUser(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        vertx.executeBlocking(
                        () -> {
                            refuseLastAdmin(name);
                            return users.remove(name);
                        },
                        false)
                .onFailure(ctx::fail)
                .onSuccess(removed -> {
                    if (!removed) {
                        ctx.fail(ApiError.USER_NOT_FOUND.exception("no user '" + name + "'"));
                        return;
                    }
                    sessions.revokeUser(name);
                    log.info("user '{}' removed by '{}'", name, principal(ctx).user());
                    ctx.response().setStatusCode(204).end();
                });
    }

    /** An admin cannot remove or demote the last admin: nobody could manage users afterwards. */
    private void refuseLastAdmin(String name) {
        var admins = users.list().stream().filter(u -> u.role() == Role.ADMIN).toList();
        if (admins.size() == 1 && admins.get(0).name().equals(name)) {
            throw ApiError.USER_LAST_ADMIN.exception("'" + name + "' is the last admin");
        }
    }

    private static JsonObject bodyJson(RoutingContext ctx) {
        try {
            JsonObject body = ctx.body().asJsonObject();
            if (body == null) {
                throw ApiException.badParam("a JSON object body is required");
            }
            return body;
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badParam("the body is not a JSON object");
        }
    }

    /** The logged-in user's name, or {@code anonymous} when login is off (for who-did-what records). */
    public static String userName(RoutingContext ctx) {
        Principal p = ctx.get(PRINCIPAL);
        return p == null ? "anonymous" : p.user();
    }

    static Principal principal(RoutingContext ctx) {
        return ctx.get(PRINCIPAL);
    }

    private static JsonObject principalJson(Principal p) {
        return new JsonObject()
                .put("user", p.user())
                .put("role", p.role().id())
                .put("expires", p.expires().toString());
    }

    private static void deny(RoutingContext ctx, ApiError error, String message) {
        json(ctx, error.status(), error.exception(message).toJson());
    }

    private static void json(RoutingContext ctx, int status, Object body) {
        String text = body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode();
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .putHeader("cache-control", "no-store")
                .end(text);
    }
}
