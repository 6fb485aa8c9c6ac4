package io.vigil.hub;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vigil.hub.api.ApiRoutes;
import io.vigil.hub.api.ControlRoutes;
import io.vigil.hub.api.ExportLimits;
import io.vigil.hub.api.HealthSignals;
import io.vigil.hub.federated.AgentKeys;
import io.vigil.hub.federated.FederatedRounds;
import io.vigil.hub.federated.FederatedRoutes;
import io.vigil.hub.federated.RoundEventLog;
import io.vigil.hub.ingest.CommitLoops;
import io.vigil.hub.labels.LabelRoutes;
import io.vigil.hub.labels.LabelStore;
import io.vigil.hub.live.LiveFeed;
import io.vigil.hub.models.ModelRegistry;
import io.vigil.hub.models.ModelRoutes;
import io.vigil.hub.models.PackageStore;
import io.vigil.hub.models.UploadCheck;
import io.vigil.hub.security.HubSecurity;
import io.vigil.hub.store.query.LatestValues;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The hub's HTTP part: one router with login in front of every route (REST, models, federated rounds, control, the live WebSocket and
 * the twin), checked to leave no route unclassified, served over HTTP or HTTPS as {@link HubSecurity} says.
 */
final class HubHttp {
    private final Router router;

    private HubHttp(Router router) {
        this.router = router;
    }

    /** Mounts login first, so every route mounted after it is behind it. */
    static HubHttp secured(Vertx vertx, HubSecurity security) {
        var router = Router.router(vertx);
        security.mount(vertx, router);
        return new HubHttp(router);
    }

    HubHttp live(LiveFeed live) {
        live.mount(router);
        return this;
    }

    HubHttp control(HubIngestion ingestion) {
        new ControlRoutes(ingestion.rebirth()).mount(router);
        return this;
    }

    HubHttp models(Vertx vertx, HubStorage storage, Path dataDir, Clock clock) {
        var packages = new PackageStore(dataDir.resolve("models"));
        var registry = new ModelRegistry(storage.pool(), packages, clock);
        var check = new UploadCheck(packages.scratch(), ModelRoutes.MAX_PACKAGE_BYTES);
        new ModelRoutes(vertx, registry, check).mount(router);
        // an agent polls for invitations at its registry interval; one that has not asked for 30 s is not offered
        var keys = new AgentKeys(clock, Duration.ofSeconds(30));
        new FederatedRoutes(
                        vertx,
                        new FederatedRounds(vertx, registry, check, keys, new RoundEventLog(storage.pool()), clock))
                .mount(router);
        return this;
    }

    HubHttp labels(Vertx vertx, HubStorage storage, Clock clock) {
        new LabelRoutes(vertx, new LabelStore(storage.pool(), clock)).mount(router);
        return this;
    }

    HubHttp api(
            Vertx vertx,
            HubStorage storage,
            LatestValues latest,
            HubIngestion ingestion,
            CommitLoops loops,
            PrometheusMeterRegistry registry,
            Clock clock) {
        var exports = ExportLimits.DEFAULT.leavingQueriesOf(HubStorage.READ_POOL_SIZE);
        var signals = new HealthSignals(
                ingestion.clients(),
                loops::failure,
                ingestion.connected(),
                () -> Optional.of(storage.disk().read()));
        new ApiRoutes(
                        vertx,
                        storage.queries(),
                        new LabelStore(storage.pool(), clock),
                        latest,
                        signals,
                        registry,
                        clock,
                        exports)
                .mount(router);
        return this;
    }

    /** Opens the listener once every route is mounted; returns the URI the twin is served at. */
    URI listen(Vertx vertx, ListenSettings listen, HubSecurity security, ShutdownSequence stops) {
        security.checkClassified(router);
        HttpServer http = vertx.createHttpServer(security.httpOptions(
                        new HttpServerOptions().setHost(listen.host()).setPort(listen.httpPort())))
                .requestHandler(router);
        stops.addAsync("HTTP listener", http::close);
        int port = Listeners.await(http.listen().map(HttpServer::actualPort), listen, listen.httpPort(), "HTTP");
        return URI.create((security.https() ? "https://" : "http://") + listen.uriHost() + ":" + port + "/");
    }
}
