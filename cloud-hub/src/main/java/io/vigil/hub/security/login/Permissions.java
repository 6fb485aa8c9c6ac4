package io.vigil.hub.security.login;

import io.vertx.core.http.HttpMethod;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The one table of who may call what. Every route that changes state must have a row here: with authentication on,
 * the hub refuses to start when a mounted route answers a method other than GET/HEAD without one, and a request to
 * such a method and path that has no row is refused (403 {@code auth.unclassified}) even for an admin. Reads need
 * {@link Role#VIEWER} unless a row says more; the twin's static files and the login form are public.
 *
 * <p>An agent that presents its certificate over HTTPS ({@link Role#AGENT}) may call only the rows marked
 * {@code agents}, and a row whose path holds {@code :agent} only with its own id there: it reads its assignments and
 * the packages they name, posts its reports and takes part in federated rounds, as itself and nobody else.
 */
public final class Permissions {
    /** Every classified route; tests walk this list, so a new row without its test fails the build. */
    public static final List<Rule> RULES = List.of(
            Rule.open(HttpMethod.POST, "/api/v1/login"),
            new Rule(HttpMethod.POST, "/api/v1/logout", Optional.of(Role.VIEWER)),
            new Rule(HttpMethod.GET, "/api/v1/me", Optional.of(Role.VIEWER)),
            new Rule(HttpMethod.POST, "/api/v1/agents/:agent/rebirth", Optional.of(Role.ENGINEER)),
            new Rule(HttpMethod.GET, "/api/v1/users", Optional.of(Role.ADMIN)),
            new Rule(HttpMethod.PUT, "/api/v1/users/:name", Optional.of(Role.ADMIN)),
            new Rule(HttpMethod.DELETE, "/api/v1/users/:name", Optional.of(Role.ADMIN)),
            new Rule(HttpMethod.POST, "/api/v1/models", Optional.of(Role.DATA_SCIENTIST)),
            new Rule(HttpMethod.POST, "/api/v1/models/:id/versions/:version/shadow", Optional.of(Role.DATA_SCIENTIST)),
            new Rule(HttpMethod.POST, "/api/v1/models/:id/versions/:version/canary", Optional.of(Role.DATA_SCIENTIST)),
            new Rule(HttpMethod.POST, "/api/v1/models/:id/versions/:version/promote", Optional.of(Role.DATA_SCIENTIST)),
            new Rule(
                    HttpMethod.POST, "/api/v1/models/:id/versions/:version/rollback", Optional.of(Role.DATA_SCIENTIST)),
            new Rule(HttpMethod.POST, "/api/v1/labels", Optional.of(Role.ENGINEER)),
            new Rule(HttpMethod.DELETE, "/api/v1/labels/:id", Optional.of(Role.ENGINEER)),
            new Rule(HttpMethod.POST, "/api/v1/fl/rounds", Optional.of(Role.DATA_SCIENTIST)),
            new Rule(HttpMethod.DELETE, "/api/v1/fl/rounds/:id", Optional.of(Role.DATA_SCIENTIST)),
            Rule.forAgents(HttpMethod.PUT, "/api/v1/agents/:agent/fl/key", Role.ENGINEER),
            Rule.forAgents(HttpMethod.GET, "/api/v1/agents/:agent/fl/invitation", Role.ENGINEER),
            Rule.forAgents(HttpMethod.POST, "/api/v1/agents/:agent/fl/updates", Role.ENGINEER),
            Rule.forAgents(HttpMethod.POST, "/api/v1/agents/:agent/reports", Role.ENGINEER),
            Rule.forAgents(HttpMethod.GET, "/api/v1/agents/:agent/assignments", Role.VIEWER),
            Rule.forAgents(HttpMethod.GET, "/api/v1/models/:id/versions/:version/package", Role.VIEWER));

    /** The path parameter that must equal an agent's certificate CN. */
    static final String AGENT_PARAM = ":agent";

    private Permissions() {}

    /** What a request needs. */
    public sealed interface Access {
        /** Anyone, without logging in. */
        record Open() implements Access {}

        /** A session whose role grants {@code role}. */
        record Needs(Role role) implements Access {}

        /** Nobody: a state-changing method on a path with no row in {@link #RULES}. */
        record Unclassified() implements Access {}
    }

    /** What an agent certificate may do on a method and path. */
    public enum AgentAccess {
        /** A row marked for agents, with the agent's own id in {@code :agent} (if the path has one). */
        ALLOWED,
        /** A row marked for agents, but {@code :agent} names another agent. */
        OTHER_AGENT,
        /** No row marked for agents. */
        NOT_FOR_AGENTS
    }

    /**
     * A row of the table.
     *
     * @param method the HTTP method
     * @param path the route's path; {@code :name} matches one path segment
     * @param role the role a user needs; empty: open to anyone
     * @param agents whether an agent certificate may call it too (for its own {@code :agent} only)
     */
    public record Rule(HttpMethod method, String path, Optional<Role> role, boolean agents) {
        public Rule {
            Objects.requireNonNull(method, "method");
            if (path == null || !path.startsWith("/")) {
                throw new IllegalArgumentException("path '" + path + "' must start with /");
            }
            Objects.requireNonNull(role, "role");
            if (agents && role.isEmpty()) {
                throw new IllegalArgumentException("path '" + path + "' is open: marking it for agents means nothing");
            }
        }

        public Rule(HttpMethod method, String path, Optional<Role> role) {
            this(method, path, role, false);
        }

        static Rule open(HttpMethod method, String path) {
            return new Rule(method, path, Optional.empty());
        }

        static Rule forAgents(HttpMethod method, String path, Role role) {
            return new Rule(method, path, Optional.of(role), true);
        }

        /** The agent id {@code requestPath} names where this row's path has {@code :agent}; empty if it has none. */
        Optional<String> agentIn(String requestPath) {
            String[] p = path.split("/", -1);
            String[] q = requestPath.split("/", -1);
            for (int i = 0; i < p.length && i < q.length; i++) {
                if (p[i].equals(AGENT_PARAM)) {
                    return Optional.of(q[i]);
                }
            }
            return Optional.empty();
        }

        /** Whether this row covers {@code method} on the concrete {@code requestPath}. */
        public boolean matches(HttpMethod m, String requestPath) {
            return (method.equals(m) || (method.equals(HttpMethod.GET) && m.equals(HttpMethod.HEAD)))
                    && samePath(path, requestPath);
        }

        public Access access() {
            return role.<Access>map(Access.Needs::new).orElseGet(Access.Open::new);
        }
    }

    /** What {@code method} on {@code path} needs. */
    public static Access access(HttpMethod method, String requestPath) {
        String path = withoutTrailingSlashes(requestPath);
        for (Rule r : RULES) {
            if (r.matches(method, path)) {
                return r.access();
            }
        }
        boolean read = method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD);
        if (!read) {
            return new Access.Unclassified();
        }
        return protectedPath(path) ? new Access.Needs(Role.VIEWER) : new Access.Open();
    }

    /** What an agent whose certificate's CN is {@code agent} may do with {@code method} on {@code requestPath}. */
    public static AgentAccess agentAccess(HttpMethod method, String requestPath, String agent) {
        String path = withoutTrailingSlashes(requestPath);
        for (Rule r : RULES) {
            if (r.matches(method, path)) {
                if (!r.agents()) {
                    return AgentAccess.NOT_FOR_AGENTS;
                }
                return r.agentIn(path).map(agent::equals).orElse(true) ? AgentAccess.ALLOWED : AgentAccess.OTHER_AGENT;
            }
        }
        return AgentAccess.NOT_FOR_AGENTS;
    }

    /** The API, the live feed and the metrics need a login; the twin's files and the WebJars do not. */
    static boolean protectedPath(String path) {
        return path.equals("/api") || path.startsWith("/api/") || path.equals("/metrics");
    }

    /** Whether a route mounted with {@code method} and {@code routePath} has a row (GET and HEAD need none). */
    public static boolean classified(HttpMethod method, String routePath) {
        if (method.equals(HttpMethod.GET) || method.equals(HttpMethod.HEAD)) {
            return true;
        }
        return RULES.stream()
                .anyMatch(r -> r.method().equals(method) && r.path().equals(routePath));
    }

    /** The router matches {@code /x/} to the route {@code /x}, so the table must too. */
    static String withoutTrailingSlashes(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    static boolean samePath(String pattern, String path) {
        String[] p = pattern.split("/", -1);
        String[] q = path.split("/", -1);
        if (p.length != q.length) {
            return false;
        }
        for (int i = 0; i < p.length; i++) {
            boolean param = p[i].startsWith(":") && !q[i].isEmpty();
            if (!param && !p[i].equals(q[i])) {
                return false;
            }
        }
        return true;
    }
}
