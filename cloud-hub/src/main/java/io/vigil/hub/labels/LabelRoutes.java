package io.vigil.hub.labels;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vigil.core.sample.Tags;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.ApiException;
import io.vigil.hub.api.SeriesQuery;
import io.vigil.hub.security.login.AuthRoutes;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * {@code POST /api/v1/labels} (a label of a range or of an event), {@code GET /api/v1/labels} and {@code
 * /api/v1/labels.csv} (filtered by asset, time and kind), {@code GET|DELETE /api/v1/labels/ID}. Who may call them is in
 * {@link io.vigil.hub.security.login.Permissions}: everyone logged in reads, engineers write. Every database call runs
 * on a worker.
 */
public final class LabelRoutes {
    /** The most labels one listing returns; a plant labels by hand, so this is far above a real range's count. */
    public static final int LIST_LIMIT = 10_000;

    private final Vertx vertx;
    private final LabelStore store;

    public LabelRoutes(Vertx vertx, LabelStore store) {
        this.vertx = vertx;
        this.store = store;
    }

    /** Adds the routes; call before {@link io.vigil.hub.api.ApiRoutes#mount}, whose catch-all answers unknown paths. */
    public void mount(Router router) {
        router.post("/api/v1/labels")
                .handler(BodyHandler.create(false).setBodyLimit(64 << 10))
                .handler(this::add);
        router.get("/api/v1/labels").handler(this::list);
        router.get("/api/v1/labels.csv").handler(this::csv);
        router.get("/api/v1/labels/:id").handler(this::one);
        router.delete("/api/v1/labels/:id").handler(this::delete);
    }

    private void add(RoutingContext ctx) {
        LabelRequest request;
        try {
            request = LabelRequest.parse(ctx.body().asJsonObject());
        } catch (DecodeException | ClassCastException e) {
            throw ApiException.badParam("the body is not a JSON object: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiException.badParam(e.getMessage());
        } catch (NullPointerException e) {
            throw ApiException.badParam("the body is empty: send {asset, from, to, kind} or {event, kind}");
        }
        String user = AuthRoutes.userName(ctx);
        blocking(ctx, () -> store.add(request, user)).onSuccess(added -> {
            if (added instanceof LabelStore.Added.Stored s) {
                ctx.response()
                        .setStatusCode(201)
                        .putHeader("location", "/api/v1/labels/" + s.label().id())
                        .putHeader("content-type", "application/json")
                        .end(s.label().toJson().encode());
            } else if (added instanceof LabelStore.Added.NoSuchEvent n) {
                ctx.fail(ApiError.LABEL_EVENT_NOT_FOUND.exception(
                        "event " + n.eventId() + " is not stored (see /api/v1/events)"));
            } else if (added instanceof LabelStore.Added.OtherAsset o) {
                ctx.fail(ApiException.badParam("asset '" + request.asset().orElse("") + "' is not event " + o.eventId()
                        + "'s asset '" + o.eventAsset() + "'"));
            }
        });
    }

    private void list(RoutingContext ctx) {
        var filter = filter(ctx);
        blocking(ctx, () -> store.list(filter, LIST_LIMIT)).onSuccess(labels -> {
            var arr = new JsonArray();
            labels.forEach(l -> arr.add(l.toJson()));
            ctx.response().putHeader("content-type", "application/json").end(arr.encode());
        });
    }

    private void csv(RoutingContext ctx) {
        var filter = filter(ctx);
        blocking(ctx, () -> store.list(filter, LIST_LIMIT)).onSuccess(labels -> ctx.response()
                .putHeader("content-type", "text/csv; charset=utf-8")
                .putHeader("content-disposition", "attachment; filename=\"labels.csv\"")
                .end(LabelCsv.of(labels)));
    }

    private void one(RoutingContext ctx) {
        long id = id(ctx);
        blocking(ctx, () -> store.get(id))
                .onSuccess(label -> label.ifPresentOrElse(
                        l -> ctx.response()
                                .putHeader("content-type", "application/json")
                                .end(l.toJson().encode()),
                        () -> ctx.fail(notFound(id))));
    }

    private void delete(RoutingContext ctx) {
        long id = id(ctx);
        blocking(ctx, () -> store.delete(id)).onSuccess(deleted -> {
            if (deleted) {
                ctx.response().setStatusCode(204).end();
            } else {
                ctx.fail(notFound(id));
            }
        });
    }

    private static ApiException notFound(long id) {
        return ApiError.LABEL_NOT_FOUND.exception("no label " + id + " (see /api/v1/labels)");
    }

    private static long id(RoutingContext ctx) {
        String text = ctx.pathParam("id");
        try {
            long id = Long.parseLong(text);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // answered below, naming the value
        }
        throw ApiException.badParam("id '" + text + "' is not a label id (a positive integer)");
    }

    private static LabelFilter filter(RoutingContext ctx) {
        String asset = param(ctx, "asset");
        if (asset != null && !Tags.isValidId(asset)) {
            throw ApiException.badParam("asset '" + asset + "' is not a valid id");
        }
        Optional<LabelKind> kind;
        try {
            kind = Optional.ofNullable(param(ctx, "kind")).map(LabelKind::of);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParam(e.getMessage());
        }
        try {
            return new LabelFilter(
                    Optional.ofNullable(asset),
                    Optional.ofNullable(param(ctx, "from")).map(t -> SeriesQuery.instant("from", t)),
                    Optional.ofNullable(param(ctx, "to")).map(t -> SeriesQuery.instant("to", t)),
                    kind);
        } catch (IllegalArgumentException e) {
            throw ApiException.badParam(e.getMessage());
        }
    }

    private static String param(RoutingContext ctx, String name) {
        List<String> all = ctx.queryParam(name);
        String v = all.isEmpty() ? null : all.get(0);
        return v == null || v.isEmpty() ? null : v;
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }
}
