package io.vigil.hub.api;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vigil.core.sample.Tags;
import java.util.function.Predicate;

/**
 * Routes that act on the plant side: {@code POST /api/v1/agents/AGENT/rebirth} asks a connected agent to republish its
 * births (an engineer's tool when the twin looks stale). Who may call them is in
 * {@link io.vigil.hub.security.login.Permissions}.
 */
public final class ControlRoutes {
    private final Predicate<String> rebirth;

    /** @param rebirth asks the named agent for a rebirth; false when it is not connected */
    public ControlRoutes(Predicate<String> rebirth) {
        this.rebirth = rebirth;
    }

    /** Adds the routes; call before {@link ApiRoutes#mount}, whose catch-all answers unknown API paths. */
    public void mount(Router router) {
        router.post("/api/v1/agents/:agent/rebirth").handler(this::rebirth);
    }

    private void rebirth(RoutingContext ctx) {
        String agent = ctx.pathParam("agent");
        if (!Tags.isValidId(agent)) {
            throw ApiException.badParam("agent '" + agent + "' is not a valid id");
        }
        if (!rebirth.test(agent)) {
            throw ApiError.AGENT_NOT_CONNECTED.exception("agent '" + agent + "' is not connected");
        }
        ctx.response()
                .setStatusCode(202)
                .putHeader("content-type", "application/json")
                .end(new JsonObject()
                        .put("agent", agent)
                        .put("requested", "rebirth")
                        .encode());
    }
}
