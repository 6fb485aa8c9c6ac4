package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vigil.hub.live.LiveFeed;
import io.vigil.hub.models.ModelRoutes;
import io.vigil.hub.security.HubSecurity;
import io.vigil.hub.security.SecuritySettings;
import io.vigil.hub.store.query.LatestValues;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenAPI document names exactly the routes the hub mounts (as {@code Hub} mounts them, login on: the security
 * routes, the live feed, {@link ControlRoutes}, then {@link ApiRoutes}), each with its method; a path parameter
 * {@code :name} is written {@code {name}} there. Wildcard routes (static files, the guard, the API's 404 fallback) are
 * not operations.
 */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class OpenApiDocumentTest {
    private final Vertx vertx = Vertx.vertx();

    @TempDir
    Path pki;

    @AfterEach
    void close() {
        vertx.close();
    }

    @Test
    void documentsEveryMountedRouteAndNothingElse() {
        var router = Router.router(vertx);
        HubSecurity.create(new SecuritySettings(true, false, pki, Duration.ofHours(1)), Clock.systemUTC())
                .mount(vertx, router);
        new LiveFeed(LatestValues.of(new LatestValues.Snapshot(List.of(), List.of(), List.of(), List.of())))
                .mount(router);
        new ControlRoutes(agent -> false).mount(router);
        new ModelRoutes(vertx, null, null).mount(router);
        new io.vigil.hub.labels.LabelRoutes(vertx, null).mount(router);
        new io.vigil.hub.federated.FederatedRoutes(vertx, null).mount(router);
        new ApiRoutes(vertx, null, null, null, () -> 0, null, Clock.systemUTC()).mount(router);

        assertThat(documented())
                .isEqualTo(mounted(router))
                .contains(
                        "GET /api/v1/series.csv",
                        "GET /api/v1/openapi.json",
                        "POST /api/v1/login",
                        "POST /api/v1/agents/{agent}/rebirth",
                        "DELETE /api/v1/users/{name}",
                        "POST /api/v1/models",
                        "POST /api/v1/models/{id}/versions/{version}/promote",
                        "GET /api/v1/agents/{agent}/assignments",
                        "DELETE /api/v1/fl/rounds/{id}",
                        "POST /api/v1/agents/{agent}/fl/updates");
    }

    @Test
    void isAnOpenApi31DocumentWhoseReferencesResolve() {
        var doc = new JsonObject(new String(OpenApiDocument.load(), StandardCharsets.UTF_8));

        assertThat(doc.getString("openapi")).isEqualTo("3.1.0");
        var refs = new TreeSet<String>();
        collectRefs(doc, refs);
        assertThat(refs)
                .isNotEmpty()
                .allSatisfy(ref -> assertThat(resolve(doc, ref)).as(ref).isNotNull());
    }

    @Test
    void listsEveryApiErrorWithItsStatusInTheErrorSchema() {
        var doc = new JsonObject(new String(OpenApiDocument.load(), StandardCharsets.UTF_8));
        var listed = doc.getJsonObject("components")
                .getJsonObject("schemas")
                .getJsonObject("Error")
                .getJsonArray(OpenApiDocument.ERROR_CODES);

        assertThat(listed).hasSize(ApiError.values().length);
        for (ApiError e : ApiError.values()) {
            assertThat(listed)
                    .as(e.name())
                    .contains(new JsonObject()
                            .put("code", e.code())
                            .put("status", e.status())
                            .put("description", e.description()));
        }
    }

    private static Set<String> mounted(Router router) {
        var set = new TreeSet<String>();
        for (Route r : router.getRoutes()) {
            boolean withParams = r.getPath() != null && r.getPath().contains("/:");
            if (r.getPath() == null || (r.isRegexPath() && !withParams) || !r.isExactPath()) {
                continue;
            }
            String path = r.getPath().replaceAll(":(\\w+)", "{$1}");
            Set<HttpMethod> methods = r.methods();
            if (methods == null || methods.isEmpty()) {
                set.add("ANY " + path);
            } else {
                methods.forEach(m -> set.add(m.name() + " " + path));
            }
        }
        return set;
    }

    private static Set<String> documented() {
        var doc = new JsonObject(new String(OpenApiDocument.load(), StandardCharsets.UTF_8));
        var set = new TreeSet<String>();
        var paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            for (String method : paths.getJsonObject(path).fieldNames()) {
                set.add(method.toUpperCase(Locale.ROOT) + " " + path);
            }
        }
        return set;
    }

    private static void collectRefs(Object node, Set<String> refs) {
        if (node instanceof JsonObject o) {
            o.forEach(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add((String) e.getValue());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node instanceof JsonArray a) {
            a.forEach(v -> collectRefs(v, refs));
        }
    }

    private static Object resolve(JsonObject doc, String ref) {
        Object at = doc;
        for (String part : ref.substring(2).split("/")) {
            if (!(at instanceof JsonObject o)) {
                return null;
            }
            at = o.getValue(part);
        }
        return at;
    }
}
