package io.vigil.hub.models;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vigil.core.sample.Tags;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.ApiException;
import io.vigil.hub.security.login.AuthRoutes;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The registry's REST routes. People: {@code POST /api/v1/models} (a package zip as the body), {@code GET
 * /api/v1/models[/ID]}, {@code GET …/versions/V/package}, {@code POST …/versions/V/shadow|canary|promote|rollback},
 * {@code GET /api/v1/models/ID/decisions}. Agents: {@code GET /api/v1/agents/AGENT/assignments} and {@code POST
 * /api/v1/agents/AGENT/reports}. Who may call them is in {@link io.vigil.hub.security.login.Permissions}. Handlers run on the
 * event loop and move every database, disk and ONNX Runtime call to a worker.
 */
public final class ModelRoutes {
    /** The largest package zip accepted, and the largest graph in it. */
    public static final long MAX_PACKAGE_BYTES = 256L << 20;

    private static final int DECISION_LIMIT = 1000;
    private static final Map<String, Stage> ACTIONS = actions();

    private final Vertx vertx;
    private final ModelRegistry registry;
    private final UploadCheck check;

    public ModelRoutes(Vertx vertx, ModelRegistry registry, UploadCheck check) {
        this.vertx = vertx;
        this.registry = registry;
        this.check = check;
    }

    private static Map<String, Stage> actions() {
        var m = new LinkedHashMap<String, Stage>();
        m.put("shadow", Stage.SHADOW);
        m.put("canary", Stage.CANARY);
        m.put("promote", Stage.PROMOTED);
        m.put("rollback", Stage.ROLLED_BACK);
        return m;
    }

    /** Adds the routes; call before {@link io.vigil.hub.api.ApiRoutes#mount}, whose catch-all answers unknown paths. */
    public void mount(Router router) {
        router.post("/api/v1/models")
                .handler(BodyHandler.create(false).setBodyLimit(MAX_PACKAGE_BYTES))
                .handler(this::upload);
        router.get("/api/v1/models").handler(this::list);
        router.get("/api/v1/models/:id").handler(this::model);
        router.get("/api/v1/models/:id/decisions").handler(this::decisions);
        router.get("/api/v1/models/:id/versions/:version/package").handler(this::download);
        ACTIONS.forEach((action, stage) ->
                router.post("/api/v1/models/:id/versions/:version/" + action).handler(ctx -> stage(ctx, stage)));
        router.get("/api/v1/agents/:agent/assignments").handler(this::assignments);
        router.post("/api/v1/agents/:agent/reports")
                .handler(BodyHandler.create(false).setBodyLimit(1 << 20))
                .handler(this::report);
    }

    private void upload(RoutingContext ctx) {
        var body = ctx.body().buffer();
        if (body == null || body.length() == 0) {
            throw ApiError.MODEL_PACKAGE_INVALID.exception(
                    "the body is empty: send the package zip (manifest.json + model.onnx)");
        }
        byte[] bytes = body.getBytes();
        String user = AuthRoutes.userName(ctx);
        blocking(ctx, () -> registry.register(check.check(bytes), user)).onSuccess(r -> ctx.response()
                .setStatusCode(r.created() ? 201 : 200)
                .putHeader("location", "/api/v1/models/" + r.version().model())
                .putHeader("content-type", "application/json")
                .end(r.version().toJson().encode()));
    }

    private void list(RoutingContext ctx) {
        blocking(ctx, () -> registry.versions(Optional.empty())).onSuccess(versions -> {
            var models = new LinkedHashMap<String, JsonObject>();
            for (ModelVersion v : versions) {
                models.computeIfAbsent(v.model(), id -> new JsonObject()
                                .put("id", id)
                                .put("kind", v.kind())
                                .put("versions", new JsonArray()))
                        .getJsonArray("versions")
                        .add(v.toJson().put("manifest", (Object) null));
            }
            json(ctx, new JsonArray(new ArrayList<>(models.values())));
        });
    }

    private void model(RoutingContext ctx) {
        String id = id(ctx, "id");
        blocking(ctx, () -> registry.versions(Optional.of(id))).onSuccess(versions -> {
            if (versions.isEmpty()) {
                ctx.fail(ApiError.MODEL_NOT_FOUND.exception("no model " + id + " (see /api/v1/models)"));
                return;
            }
            var list = new JsonArray();
            versions.forEach(v -> list.add(v.toJson()));
            json(
                    ctx,
                    new JsonObject()
                            .put("id", id)
                            .put("kind", versions.get(0).kind())
                            .put("versions", list));
        });
    }

    private void download(RoutingContext ctx) {
        String id = id(ctx, "id");
        String version = ctx.pathParam("version");
        blocking(ctx, () -> registry.packageFile(id, version)).onSuccess(file -> ctx.response()
                .putHeader("content-type", "application/zip")
                .putHeader("content-disposition", "attachment; filename=\"" + id + "-" + version + ".zip\"")
                .sendFile(file.toString()));
    }

    private void stage(RoutingContext ctx, Stage stage) {
        String id = id(ctx, "id");
        String version = ctx.pathParam("version");
        String user = AuthRoutes.userName(ctx);
        blocking(ctx, () -> registry.setStage(id, version, stage, user)).onSuccess(v -> json(ctx, v.toJson()));
    }

    private void decisions(RoutingContext ctx) {
        String id = id(ctx, "id");
        blocking(ctx, () -> registry.decisions(id, DECISION_LIMIT)).onSuccess(list -> {
            var arr = new JsonArray();
            list.forEach(d -> arr.add(d.toJson()));
            json(ctx, arr);
        });
    }

    private void assignments(RoutingContext ctx) {
        id(ctx, "agent");
        blocking(ctx, registry::assignments).onSuccess(list -> {
            var arr = new JsonArray();
            list.forEach(a -> arr.add(JsonObject.mapFrom(a)));
            json(ctx, arr);
        });
    }

    /**
     * An agent's report: {@code {"type": "model_decision", …RolloutDecision fields}}, {@code {"type": "drift",
     * …DriftEvent fields}} or {@code {"type": "model_rejected", "model", "version", "time", "reason"}}.
     */
    private void report(RoutingContext ctx) {
        String agent = id(ctx, "agent");
        JsonObject body = body(ctx);
        String type = body.getString("type", "");
        Callable<Void> work =
                switch (type) {
                    case "model_decision" -> {
                        Decision d = decision(agent, body);
                        yield () -> {
                            registry.recordDecision(agent, d, body);
                            return null;
                        };
                    }
                    case "drift" -> {
                        String asset = requireId(body, "asset");
                        String model = requireText(body, "model");
                        Instant time = time(body);
                        yield () -> {
                            registry.recordEvent("drift", agent, asset, time, model, body);
                            return null;
                        };
                    }
                    case "model_rejected" -> {
                        String ref = requireId(body, "model") + "@" + requireText(body, "version");
                        requireText(body, "reason");
                        Instant time = time(body);
                        yield () -> {
                            registry.recordEvent("model_rejected", agent, agent, time, ref, body);
                            return null;
                        };
                    }
                    default ->
                        throw ApiException.badParam(
                                "type '" + type + "' is not one of model_decision, drift, model_rejected");
                };
        blocking(ctx, work).onSuccess(v -> ctx.response().setStatusCode(204).end());
    }

    private static Decision decision(String agent, JsonObject b) {
        var figures = new JsonObject();
        for (String k : new String[] {
            "serving",
            "windows",
            "labelled",
            "agreement",
            "servingAccuracy",
            "candidateAccuracy",
            "servingP99Micros",
            "candidateP99Micros"
        }) {
            figures.put(k, b.getValue(k));
        }
        return new Decision(
                requireId(b, "model"),
                requireText(b, "candidate"),
                agent,
                time(b),
                requireText(b, "from"),
                requireText(b, "to"),
                b.getString("reason", ""),
                figures);
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

    private static String requireText(JsonObject b, String field) {
        Object v = b.getValue(field);
        if (!(v instanceof String s) || s.isBlank()) {
            throw ApiException.badParam("field " + field + " is required (got " + v + ")");
        }
        return s;
    }

    private static String requireId(JsonObject b, String field) {
        String v = requireText(b, field);
        if (!Tags.isValidId(v)) {
            throw ApiException.badParam("field " + field + " '" + v + "' is not a valid id");
        }
        return v;
    }

    private static Instant time(JsonObject b) {
        String t = requireText(b, "time");
        try {
            return Instant.parse(t);
        } catch (DateTimeParseException e) {
            throw ApiException.badParam("field time '" + t + "' is not an ISO-8601 instant");
        }
    }

    private static String id(RoutingContext ctx, String name) {
        String v = ctx.pathParam(name);
        if (!Tags.isValidId(v)) {
            throw ApiException.badParam(name + " '" + v + "' is not a valid id");
        }
        return v;
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private static void json(RoutingContext ctx, Object body) {
        String text = body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode();
        ctx.response().putHeader("content-type", "application/json").end(text);
    }
}
