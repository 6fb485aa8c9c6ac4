package io.vigil.hub.api;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import io.vigil.hub.security.login.AuthRoutes;
import io.vigil.hub.store.query.HubQueries;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.query.TextPoint;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /api/v1/series.csv}: the buckets of {@code /api/v1/series} (same parameters) as CSV, {@code
 * time,avg,min,max,n} ({@code time,text,n} for a text series, with the text quoted as RFC 4180 says), one row per
 * bucket, streamed: a worker thread reads PostgreSQL through a cursor and writes
 * chunks of about {@link #CHUNK_CHARS} characters, waiting whenever the response's write queue is full, so neither the
 * rows nor the document are ever held whole. Parameter and look-up errors come before the first byte, as the usual JSON
 * error; a failure while streaming resets the connection, so a client never takes a cut file for a complete one.
 * An explicit step may give up to {@link #MAX_POINTS} rows.
 *
 * <p>Each export holds a read connection until its client has read it all, so {@link ExportSlots} bounds them per user
 * and in total (a refusal is {@code export.busy}, 429, before anything is taken), and an export whose client reads
 * nothing for {@link ExportLimits#idleTimeout()} is cut, which frees its connection and its slot.
 */
final class SeriesCsv {
    static final long MAX_POINTS = 10_000_000;
    static final int CHUNK_CHARS = 64 * 1024;
    private static final Logger log = LoggerFactory.getLogger(SeriesCsv.class);

    private final Vertx vertx;
    private final HubQueries queries;
    private final Clock clock;
    private final ExportLimits limits;
    private final ExportSlots slots;

    SeriesCsv(Vertx vertx, HubQueries queries, Clock clock, ExportLimits limits) {
        this.vertx = vertx;
        this.queries = queries;
        this.clock = clock;
        this.limits = limits;
        this.slots = new ExportSlots(limits);
    }

    void handle(RoutingContext ctx) {
        var q = SeriesQuery.parse(
                param(ctx, "tag"),
                param(ctx, "from"),
                param(ctx, "to"),
                param(ctx, "step"),
                clock.instant(),
                MAX_POINTS);
        var slot = slots.take(exporter(ctx));
        vertx.executeBlocking(() -> export(ctx, q), false)
                .onComplete(ar -> slot.close())
                .onFailure(e -> {
                    if (ctx.response().headWritten()) {
                        log.warn("CSV export of {} stopped: {}", q.tagParam(), e.toString());
                        ctx.response().reset();
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    /** The logged-in user; with login off, the client's address, so one client still cannot take every slot. */
    private static String exporter(RoutingContext ctx) {
        String user = AuthRoutes.userName(ctx);
        if (!"anonymous".equals(user) || ctx.request().remoteAddress() == null) {
            return user;
        }
        return "anonymous@" + ctx.request().remoteAddress().hostAddress();
    }

    private long export(RoutingContext ctx, SeriesQuery q) throws InterruptedException {
        var out = new Writer(ctx.response(), limits.idleTimeout());
        if (q.score()) {
            if (!queries.hasScores(q.asset(), q.tag())) {
                throw notFound(q);
            }
            out.begin(q);
            return out.end(queries.streamScorePoints(q.asset(), q.tag(), q.from(), q.to(), q.step(), out::row));
        }
        var ref = queries.series(q.asset(), q.tag()).orElseThrow(() -> notFound(q));
        if (ref.isText()) {
            out.begin(q, "time,text,n\n");
            return out.end(queries.streamTextPoints(ref.id(), q.from(), q.to(), q.step(), out::textRow));
        }
        out.begin(q);
        return out.end(queries.streamSamplePoints(ref.id(), q.from(), q.to(), q.step(), out::row));
    }

    private static ApiException notFound(SeriesQuery q) {
        return ApiError.SERIES_NOT_FOUND.exception("no series '" + q.tagParam() + "' (see /api/v1/assets)");
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isEmpty() ? null : v;
    }

    /** Buffers rows into chunks and writes them with back-pressure; runs on the worker thread. */
    private static final class Writer {
        private final HttpServerResponse response;
        private final StringBuilder chunk = new StringBuilder(CHUNK_CHARS + 256);
        private final Duration idleTimeout;

        Writer(HttpServerResponse response, Duration idleTimeout) {
            this.response = response;
            this.idleTimeout = idleTimeout;
        }

        void begin(SeriesQuery q) {
            begin(q, "time,avg,min,max,n\n");
        }

        void begin(SeriesQuery q, String header) {
            String file = q.tagParam().replace('/', '_').replace(':', '_') + ".csv";
            response.setChunked(true)
                    .putHeader("content-type", "text/csv; charset=utf-8")
                    .putHeader("content-disposition", "attachment; filename=\"" + file + "\"");
            chunk.append(header);
        }

        void textRow(TextPoint p) {
            chunk.append(JsonViews.iso(p.t())).append(',');
            if (p.last() != null) {
                chunk.append('"').append(p.last().replace("\"", "\"\"")).append('"');
            }
            chunk.append(',').append(p.n()).append('\n');
            if (chunk.length() >= CHUNK_CHARS) {
                flush();
            }
        }

        void row(Point p) {
            chunk.append(JsonViews.iso(p.t()))
                    .append(',')
                    .append(number(p.avg()))
                    .append(',')
                    .append(number(p.min()))
                    .append(',')
                    .append(number(p.max()))
                    .append(',')
                    .append(p.n())
                    .append('\n');
            if (chunk.length() >= CHUNK_CHARS) {
                flush();
            }
        }

        long end(long rows) {
            flush();
            response.end();
            return rows;
        }

        private void flush() {
            if (response.closed()) {
                throw new IllegalStateException("the client closed the connection");
            }
            response.write(chunk.toString());
            chunk.setLength(0);
            if (response.writeQueueFull()) {
                awaitDrain();
            }
        }

        private void awaitDrain() {
            var drained = new CountDownLatch(1);
            response.drainHandler(v -> drained.countDown());
            response.closeHandler(v -> drained.countDown());
            try {
                if (!response.writeQueueFull() || drained.await(idleTimeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("the client read nothing for " + idleTimeout.toSeconds() + " s");
        }

        private static String number(Double d) {
            return d == null || d.isNaN() ? "" : d.toString();
        }
    }
}
