package io.vigil.hub.federated;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vigil.core.json.Json;
import io.vigil.core.sample.Tags;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.ApiException;
import io.vigil.model.federated.ModelUpdate;
import io.vigil.model.federated.Verdict;
import io.vigil.model.federated.wire.UpdateMessage;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * The REST routes of federated rounds. People: {@code POST /api/v1/fl/rounds} (start), {@code GET /api/v1/fl/rounds
 * [/ID]}, {@code DELETE /api/v1/fl/rounds/ID} (stop). Agents, over their registry channel: {@code PUT
 * /api/v1/agents/AGENT/fl/key} (the Ed25519 key its updates are signed with), {@code GET …/fl/invitation} (204 when
 * there is none) and {@code POST …/fl/updates}. Who may call them is in {@code Permissions}. Handlers run on the
 * event loop and move every call of {@link FederatedRounds} to a worker.
 */
public final class FederatedRoutes {
    /** An update of a few hundred thousand float32 weights in base64, with room to spare. */
    private static final int MAX_UPDATE_BYTES = 16 << 20;

    private final Vertx vertx;
    private final FederatedRounds rounds;

    public FederatedRoutes(Vertx vertx, FederatedRounds rounds) {
        this.vertx = vertx;
        this.rounds = rounds;
    }

    /** Adds the routes; call before {@link io.vigil.hub.api.ApiRoutes#mount}, whose catch-all answers unknown paths. */
    public void mount(Router router) {
        router.post("/api/v1/fl/rounds")
                .handler(BodyHandler.create(false).setBodyLimit(1 << 16))
                .handler(this::start);
        router.get("/api/v1/fl/rounds").handler(ctx -> blocking(ctx, rounds::list)
                .onSuccess(list -> json(ctx, 200, new JsonArray(list).encode())));
        router.get("/api/v1/fl/rounds/:id").handler(ctx -> blocking(ctx, () -> rounds.get(roundId(ctx)))
                .onSuccess(r -> json(ctx, 200, r.encode())));
        router.delete("/api/v1/fl/rounds/:id").handler(ctx -> blocking(ctx, () -> rounds.stop(roundId(ctx)))
                .onSuccess(r -> json(ctx, 200, r.encode())));
        router.put("/api/v1/agents/:agent/fl/key")
                .handler(BodyHandler.create(false).setBodyLimit(1 << 12))
                .handler(this::key);
        router.get("/api/v1/agents/:agent/fl/invitation").handler(this::invitation);
        router.post("/api/v1/agents/:agent/fl/updates")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_UPDATE_BYTES))
                .handler(this::update);
    }

    private void start(RoutingContext ctx) {
        RoundRequest request = RoundRequest.fromJson(body(ctx));
        blocking(ctx, () -> rounds.start(request)).onSuccess(r -> {
            ctx.response().putHeader("location", "/api/v1/fl/rounds/" + r.getLong("id"));
            json(ctx, 201, r.encode());
        });
    }

    private void key(RoutingContext ctx) {
        String agent = agent(ctx);
        JsonObject b = body(ctx);
        Object key = b.getValue("publicKey");
        if (!(key instanceof String k) || k.isBlank()) {
            throw ApiException.badParam("field publicKey is required (got " + key + ")");
        }
        rounds.keys().register(agent, k);
        ctx.response().setStatusCode(204).end();
    }

    private void invitation(RoutingContext ctx) {
        String agent = agent(ctx);
        blocking(ctx, () -> rounds.poll(agent)).onSuccess(i -> {
            if (i.isEmpty()) {
                ctx.response().setStatusCode(204).end();
                return;
            }
            try {
                json(ctx, 200, Json.mapper().writeValueAsString(i.get()));
            } catch (IOException e) {
                ctx.fail(e);
            }
        });
    }

    private void update(RoutingContext ctx) {
        String agent = agent(ctx);
        ModelUpdate update = parse(ctx);
        if (!update.agentId().equals(agent)) {
            throw ApiException.badParam(
                    "the update names agent " + update.agentId() + " but was posted for agent " + agent);
        }
        blocking(ctx, () -> rounds.submit(agent, update)).onSuccess(v -> {
            if (v instanceof Verdict.Rejected r) {
                ctx.fail(error(r.reason().code()).exception(r.detail()));
                return;
            }
            json(
                    ctx,
                    202,
                    new JsonObject()
                            .put("round", update.round())
                            .put("accepted", true)
                            .encode());
        });
    }

    private static ModelUpdate parse(RoutingContext ctx) {
        var body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiException.badParam("the body is empty: send the update as JSON");
        }
        try {
            return Json.mapper().readValue(body.getBytes(), UpdateMessage.class).toUpdate();
        } catch (IOException | IllegalArgumentException e) {
            throw ApiError.FL_UPDATE_MALFORMED.exception("the update does not parse: " + e.getMessage());
        }
    }

    /** The API error with a rejection's code: the coordinator's codes and the API's are the same list. */
    static ApiError error(String code) {
        for (ApiError e : ApiError.values()) {
            if (e.code().equals(code)) {
                return e;
            }
        }
        throw new IllegalStateException("rejection code " + code + " has no ApiError");
    }

    private static long roundId(RoutingContext ctx) {
        String v = ctx.pathParam("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badParam("round id '" + v + "' is not a number");
        }
    }

    private static String agent(RoutingContext ctx) {
        String v = ctx.pathParam("agent");
        if (!Tags.isValidId(v)) {
            throw ApiException.badParam("agent '" + v + "' is not a valid id");
        }
        return v;
    }

    private static JsonObject body(RoutingContext ctx) {
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

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private static void json(RoutingContext ctx, int status, String text) {
        ctx.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(text);
    }
}
