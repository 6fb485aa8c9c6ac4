package io.vigil.hub.api;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import io.vigil.core.sample.Tags;
import io.vigil.core.sample.ValueType;
import io.vigil.hub.labels.Label;
import io.vigil.hub.labels.LabelStore;
import io.vigil.hub.store.AssetRow;
import io.vigil.hub.store.DiskSpace;
import io.vigil.hub.store.EventView;
import io.vigil.hub.store.StoreException;
import io.vigil.hub.store.query.AgentView;
import io.vigil.hub.store.query.EventFilter;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.query.LatestValues;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.query.TextPoint;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds the hub's router: {@code /api/v1/*}, {@code /metrics}, {@code /webjars/*} and the twin at {@code /} and
 * {@code /twin/}. Handlers run on the event loop; every database call is moved to a worker with
 * {@code executeBlocking}, and {@code /assets} and most of {@code /health} come from the in-memory
 * {@link LatestValues}.
 */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);
    private static final int EVENT_LIMIT = 1000;
    private static final String JSON = "application/json";

    private final Vertx vertx;
    private final HubQueries queries;
    private final LabelStore labels;
    private final LatestValues latest;
    private final HealthSignals signals;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final ExportLimits exports;

    public ApiRoutes(
            Vertx vertx,
            HubQueries queries,
            LabelStore labels,
            LatestValues latest,
            IntSupplier mqttClients,
            PrometheusMeterRegistry registry,
            Clock clock) {
        this(
                vertx,
                queries,
                labels,
                latest,
                HealthSignals.clientsOnly(mqttClients),
                registry,
                clock,
                ExportLimits.DEFAULT);
    }

    public ApiRoutes(
            Vertx vertx,
            HubQueries queries,
            LabelStore labels,
            LatestValues latest,
            HealthSignals signals,
            PrometheusMeterRegistry registry,
            Clock clock,
            ExportLimits exports) {
        this.exports = exports;
        this.vertx = vertx;
        this.queries = queries;
        this.labels = labels;
        this.latest = latest;
        this.signals = signals;
        this.registry = registry;
        this.clock = clock;
    }

    /** Adds every route to {@code router}; call after routes that must win (the live WebSocket). */
    public void mount(Router router) {
        router.get("/api/v1/health").handler(this::health);
        router.get("/api/v1/assets").handler(this::assets);
        router.get("/api/v1/series").handler(this::series);
        router.get("/api/v1/events").handler(this::events);
        router.get("/api/v1/series.csv").handler(new SeriesCsv(vertx, queries, clock, exports)::handle);
        router.get("/api/v1/openapi.json").handler(OpenApiDocument::serve);
        router.route("/api/*")
                .handler(ctx -> ctx.fail(ApiError.ROUTE_NOT_FOUND.exception("no API route "
                        + ctx.request().method() + " " + ctx.request().path())));
        router.route("/api/*").failureHandler(this::failure);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("content-type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.route("/webjars/*").handler(StaticHandler.create("META-INF/resources/webjars"));
        // Vert.x matches the route "/twin" for "/twin/" too, so redirecting every match sent "/twin/" to itself
        // forever (issue 21, item 12): only the bare path is redirected, the slash path goes on to the files.
        router.get("/twin").handler(ctx -> {
            if (ctx.request().path().equals("/twin")) {
                ctx.redirect("/twin/");
            } else {
                ctx.next();
            }
        });
        var twin = StaticHandler.create("META-INF/resources/twin").setIndexPage("index.html");
        router.route("/twin/*").handler(twin);
        router.route("/*").handler(twin);
    }

    /**
     * Says what is wrong, not only whether the database answers a ping: commits that fail (a full disk) make the
     * database {@code failing} with the reason; free space under the threshold makes the disk {@code low}; an agent
     * whose last committed status is online but that has no connection shows offline (its death could not be stored
     * while commits failed).
     */
    private void health(RoutingContext ctx) {
        vertx.executeBlocking(queries::ping, false).onComplete(ar -> {
            boolean ping = ar.succeeded() && ar.result();
            var writes = signals.writeFailure().get();
            var db = new JsonObject().put("status", !ping ? "down" : writes.isPresent() ? "failing" : "ok");
            writes.ifPresent(f -> db.put("error", f.message()));
            var disk = signals.disk().get();
            List<AgentView> agents =
                    latest.agents().stream().map(this::asConnected).toList();
            boolean allOnline =
                    agents.stream().flatMap(a -> a.assets().stream()).allMatch(AssetRow::online);
            boolean diskLow = disk.map(DiskSpace.Reading::low).orElse(false);
            var list = new JsonArray();
            agents.forEach(a -> list.add(JsonViews.agent(a)));
            var body = new JsonObject()
                    .put("status", ping && writes.isEmpty() && !diskLow && allOnline ? "ok" : "degraded")
                    .put("db", db);
            disk.ifPresent(d -> body.put(
                    "disk",
                    new JsonObject()
                            .put("status", d.low() ? "low" : "ok")
                            .put("freeBytes", d.free())
                            .put("totalBytes", d.total())
                            .put("minFreeBytes", d.minFree())));
            json(
                    ctx,
                    body.put(
                                    "mqtt",
                                    new JsonObject()
                                            .put("status", "ok")
                                            .put(
                                                    "clients",
                                                    signals.mqttClients().getAsInt()))
                            .put("agents", list));
        });
    }

    private AgentView asConnected(AgentView a) {
        if (signals.agentConnected().test(a.id()) || a.assets().stream().noneMatch(AssetRow::online)) {
            return a;
        }
        var assets = a.assets().stream()
                .map(r -> new AssetRow(r.id(), r.agent(), r.protocol(), r.device(), AssetRow.OFFLINE))
                .toList();
        return new AgentView(a.id(), AssetRow.OFFLINE, assets);
    }

    private void assets(RoutingContext ctx) {
        var list = new JsonArray();
        latest.assets().forEach(a -> list.add(JsonViews.asset(a)));
        json(ctx, list);
    }

    private void series(RoutingContext ctx) {
        var q = SeriesQuery.parse(
                param(ctx, "tag"), param(ctx, "from"), param(ctx, "to"), param(ctx, "step"), clock.instant());
        var agg = Aggregate.parse(param(ctx, "agg"));
        blocking(ctx, () -> points(q, agg)).onSuccess(result -> {
            var body = new JsonObject()
                    .put("tag", q.tagParam())
                    .put("unit", result.unit())
                    .put("dataType", result.texts() == null ? ValueType.DOUBLE.key() : ValueType.STRING.key())
                    .put("from", JsonViews.iso(q.from()))
                    .put("to", JsonViews.iso(q.to()))
                    .put("step", q.step().toString());
            agg.ifPresent(a -> body.put("agg", a.key()));
            json(
                    ctx,
                    body.put(
                            "points",
                            result.texts() == null ? pointsJson(result.points(), agg) : textJson(result.texts())));
        });
    }

    /** Numeric buckets, or ({@code texts} not null) the buckets of a text series. */
    private record SeriesResult(String unit, List<Point> points, List<TextPoint> texts) {}

    private SeriesResult points(SeriesQuery q, Optional<Aggregate> agg) {
        if (q.score()) {
            if (!queries.hasScores(q.asset(), q.tag())) {
                throw notFound(q);
            }
            return new SeriesResult("", queries.scorePoints(q.asset(), q.tag(), q.from(), q.to(), q.step()), null);
        }
        var ref = queries.series(q.asset(), q.tag()).orElseThrow(() -> notFound(q));
        if (ref.isText()) {
            Aggregate.requireTextAggregate(agg, q.tagParam());
            return new SeriesResult(ref.unit(), null, queries.textPoints(ref.id(), q.from(), q.to(), q.step()));
        }
        return new SeriesResult(ref.unit(), queries.samplePoints(ref.id(), q.from(), q.to(), q.step()), null);
    }

    private static JsonArray textJson(List<TextPoint> points) {
        var arr = new JsonArray();
        points.forEach(p -> arr.add(JsonViews.textPoint(p)));
        return arr;
    }

    private static ApiException notFound(SeriesQuery q) {
        return ApiError.SERIES_NOT_FOUND.exception("no series '" + q.tagParam() + "' (see /api/v1/assets)");
    }

    private static JsonArray pointsJson(List<Point> points, Optional<Aggregate> agg) {
        var arr = new JsonArray();
        points.forEach(p -> arr.add(agg.map(a -> new JsonObject()
                        .put("t", JsonViews.iso(p.t()))
                        .put("v", a.of(p))
                        .put("n", p.n()))
                .orElseGet(() -> JsonViews.point(p))));
        return arr;
    }

    private void events(RoutingContext ctx) {
        var filter = new EventFilter(
                id(ctx, "type"),
                id(ctx, "asset"),
                Optional.ofNullable(param(ctx, "from")).map(t -> SeriesQuery.instant("from", t)),
                Optional.ofNullable(param(ctx, "to")).map(t -> SeriesQuery.instant("to", t)));
        blocking(ctx, () -> withLabels(filter, queries.events(filter, EVENT_LIMIT)))
                .onSuccess(arr -> json(ctx, arr));
    }

    /** Each event with the labels put on it or covering its time on its asset (one query for the whole page). */
    private JsonArray withLabels(EventFilter filter, List<EventView> events) {
        var arr = new JsonArray();
        if (events.isEmpty()) {
            return arr;
        }
        List<Label> around = labels.around(
                filter.asset().orElse(null),
                events.get(0).time(),
                events.get(events.size() - 1).time(),
                events.stream().map(EventView::id).toList());
        for (EventView e : events) {
            var on = new JsonArray();
            around.stream()
                    .filter(l -> (l.eventId().isPresent() && l.eventId().getAsLong() == e.id())
                            || l.covers(e.asset(), e.time()))
                    .forEach(l -> on.add(l.toJson()));
            arr.add(JsonViews.event(e).put("labels", on));
        }
        return arr;
    }

    private static Optional<String> id(RoutingContext ctx, String name) {
        String v = param(ctx, name);
        if (v != null && !Tags.isValidId(v)) {
            throw ApiException.badParam(name + " '" + v + "' is not a valid id");
        }
        return Optional.ofNullable(v);
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    private <T> Future<T> blocking(RoutingContext ctx, Callable<T> work) {
        return vertx.executeBlocking(work, false).onFailure(ctx::fail);
    }

    private static void json(RoutingContext ctx, Object body) {
        String text = body instanceof JsonArray a ? a.encode() : ((JsonObject) body).encode();
        ctx.response().putHeader("content-type", JSON).end(text);
    }

    private void failure(RoutingContext ctx) {
        Throwable f = ctx.failure();
        ApiException e;
        if (f instanceof ApiException api) {
            e = api;
        } else if (f instanceof StoreException) {
            log.warn("{} {}: {}", ctx.request().method(), ctx.request().uri(), f.getMessage());
            e = ApiError.DB_UNAVAILABLE.exception("the database did not answer: " + f.getMessage());
        } else if (f == null) {
            e = ApiException.ofStatus(ctx.statusCode(), "request failed");
        } else {
            log.error("{} {} failed", ctx.request().method(), ctx.request().uri(), f);
            e = ApiError.INTERNAL.exception("internal error: " + f);
        }
        ctx.response()
                .setStatusCode(e.status())
                .putHeader("content-type", JSON)
                .end(e.toJson().encode());
    }
}
