package io.vigil.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/API.md} is the OpenAPI document rendered by {@link ApiMarkdown}, so the REST reference cannot drift
 * from what the hub serves (and {@code OpenApiDocumentTest} keeps that equal to the mounted routes). After a change
 * to {@code openapi.json}, run this test with {@code -Dvigil.docs.write=true} to rewrite the page.
 */
class ApiDocTest {
    /** Surefire runs tests in the module's directory; the docs are beside it. */
    private static final Path API_MD = Path.of("..", "docs", "API.md");

    @Test
    void docsApiMdIsTheRenderedOpenApiDocument() throws IOException {
        String rendered = ApiMarkdown.render(openApi());
        if (Boolean.getBoolean("vigil.docs.write")) {
            Files.writeString(API_MD, rendered, StandardCharsets.UTF_8);
        }

        assertThat(API_MD).exists();
        assertThat(Files.readString(API_MD, StandardCharsets.UTF_8))
                .as("docs/API.md is out of date: rerun ApiDocTest with -Dvigil.docs.write=true")
                .isEqualTo(rendered);
    }

    @Test
    void listsEveryOperationEveryErrorStatusAndEveryErrorCode() {
        String rendered = ApiMarkdown.render(openApi());

        assertThat(rendered)
                .contains("### GET /api/v1/series.csv", "### POST /api/v1/models", "### DELETE /api/v1/users/{name}")
                .contains("| `tag` | query | yes | string | ASSET/TAG, or ASSET/score:MODEL for a model's scores")
                .contains(
                        "| 409 | The change would leave no admin (user.lastadmin) | `application/json` [Error](#error) |")
                .contains("| `db.status` | one of `ok`, `down` |")
                .contains("| `series.notfound` | 404 |", "| `auth.throttled` | 429 |");
    }

    @Test
    void escapesPipesSoATableCellStaysOneCell() {
        var doc = new JsonObject()
                .put(
                        "info",
                        new JsonObject().put("title", "T").put("version", "1").put("description", "d"))
                .put(
                        "paths",
                        new JsonObject()
                                .put(
                                        "/x",
                                        new JsonObject()
                                                .put(
                                                        "get",
                                                        new JsonObject()
                                                                .put("summary", "a|b")
                                                                .put(
                                                                        "responses",
                                                                        new JsonObject()
                                                                                .put(
                                                                                        "200",
                                                                                        new JsonObject()
                                                                                                .put(
                                                                                                        "description",
                                                                                                        "ok"))))))
                .put(
                        "components",
                        new JsonObject()
                                .put("securitySchemes", new JsonObject())
                                .put("schemas", new JsonObject()));

        assertThat(ApiMarkdown.render(doc)).contains("| [`GET /x`](#get-x) | a\\|b |");
    }

    private static JsonObject openApi() {
        return new JsonObject(new String(OpenApiDocument.load(), StandardCharsets.UTF_8));
    }
}
