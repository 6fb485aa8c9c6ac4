package io.vigil.hub.live;

import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vigil.core.log.LogSafe;
import io.vigil.core.sample.Sample;
import io.vigil.hub.api.ApiError;
import io.vigil.hub.api.JsonViews;
import io.vigil.hub.store.AssetRow;
import io.vigil.hub.store.CommitListener;
import io.vigil.hub.store.Committed;
import io.vigil.hub.store.Committed.AssetSamples;
import io.vigil.hub.store.Committed.AssetScore;
import io.vigil.hub.store.query.LatestValues;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes each commit to every WebSocket client at {@code /api/v1/live}: {@code samples} per asset and message (a
 * text sample carries {@code text} next to a null {@code v}),
 * {@code score}, {@code event}, and {@code asset} when an asset is born, dies or changes agent.
 *
 * <p>Runs on the writer thread after the commit, so it must never wait for a client: a client whose write queue is
 * full (a stalled browser tab) is dropped with a log line and can reconnect; ingest never slows down for it. Nothing
 * is encoded when no client is connected.
 *
 * <p>In a cluster ({@link #relayThrough}) each message goes out through the cluster's event bus instead, and every
 * node's feed {@link #deliver delivers} it to its own clients, so a browser on any hub sees what any hub ingested.
 */
public final class LiveFeed implements CommitListener {
    private static final Logger log = LoggerFactory.getLogger(LiveFeed.class);
    public static final String PATH = "/api/v1/live";
    private static final int WRITE_QUEUE_BYTES = 4 * 1024 * 1024;

    private final LatestValues latest;
    private final Set<ServerWebSocket> clients = ConcurrentHashMap.newKeySet();
    private volatile Consumer<String> relay;

    public LiveFeed(LatestValues latest) {
        this.latest = latest;
    }

    public void mount(Router router) {
        router.get(PATH).handler(ctx -> {
            var req = ctx.request();
            String origin = req.getHeader("Origin");
            if (!SameOrigin.allows(origin, req.getHeader("Host"), req.isSSL())) {
                log.warn(
                        "refused a live feed upgrade from {}: page origin {} is not this hub's ({})",
                        req.remoteAddress(),
                        LogSafe.text(origin),
                        LogSafe.text(req.getHeader("Host")));
                ctx.fail(ApiError.AUTH_ORIGIN_REFUSED.exception(
                        "origin '" + LogSafe.text(origin) + "' may not open the live feed"));
                return;
            }
            req.toWebSocket().onSuccess(this::add).onFailure(ctx::fail);
        });
    }

    void add(ServerWebSocket ws) {
        ws.setWriteQueueMaxSize(WRITE_QUEUE_BYTES);
        ws.closeHandler(v -> clients.remove(ws));
        ws.exceptionHandler(e -> log.debug("live client {}: {}", ws.remoteAddress(), e.toString()));
        clients.add(ws);
        log.debug("live client {} connected ({} now)", ws.remoteAddress(), clients.size());
    }

    /**
     * Cluster mode: from now on every message is handed to {@code relay} (which must reach {@link #deliver} on every
     * node, this one included) instead of this node's clients, and messages are encoded even when this node has none.
     */
    public void relayThrough(Consumer<String> relay) {
        this.relay = relay;
    }

    public int clients() {
        return clients.size();
    }

    @Override
    public void committed(Committed c) {
        if (clients.isEmpty() && relay == null) {
            return;
        }
        var changedAssets = new LinkedHashSet<String>();
        c.assets().forEach(a -> changedAssets.add(a.id()));
        c.agents().keySet().forEach(agent -> latest.agents().stream()
                .filter(a -> a.id().equals(agent))
                .flatMap(a -> a.assets().stream())
                .map(AssetRow::id)
                .forEach(changedAssets::add));
        changedAssets.forEach(id -> latest.asset(id)
                .ifPresent(a -> broadcast(new JsonObject().put("type", "asset").put("asset", JsonViews.asset(a)))));
        c.samples().forEach(s -> broadcast(samples(s)));
        c.scores().forEach(s -> broadcast(score(s)));
        c.events().forEach(e -> broadcast(new JsonObject().put("type", "event").put("event", JsonViews.event(e))));
    }

    private static JsonObject samples(AssetSamples as) {
        var arr = new JsonArray();
        for (Sample s : as.samples()) {
            var json = new JsonObject()
                    .put("tag", s.tag())
                    .put("t", s.time().toString())
                    .put("v", Double.isFinite(s.value()) ? s.value() : null)
                    .put("q", s.quality().name());
            arr.add(s.isText() ? json.put("text", s.text()) : json);
        }
        return new JsonObject().put("type", "samples").put("asset", as.asset()).put("samples", arr);
    }

    private static JsonObject score(AssetScore s) {
        return new JsonObject()
                .put("type", "score")
                .put("asset", s.asset())
                .put("model", s.score().model())
                .put("t", s.score().time().toString())
                .put("v", s.score().value());
    }

    private void broadcast(JsonObject message) {
        String text = message.encode();
        Consumer<String> r = relay;
        if (r != null) {
            r.accept(text);
        } else {
            deliver(text);
        }
    }

    /** Writes one encoded message to every client of this node, dropping those that do not read. */
    public void deliver(String text) {
        for (ServerWebSocket ws : clients) {
            if (ws.writeQueueFull()) {
                clients.remove(ws);
                log.warn(
                        "dropping live client {}: it is not reading ({} bytes queued); it may reconnect",
                        ws.remoteAddress(),
                        WRITE_QUEUE_BYTES);
                ws.close((short) 1008, "too slow");
            } else {
                ws.writeTextMessage(text);
            }
        }
    }
}
