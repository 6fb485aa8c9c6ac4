package io.vigil.hub.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3.1 document {@code openapi.json} next to this class,
 * read once, with every {@link ApiError} added to the {@code Error} schema as {@code x-error-codes} (code, status,
 * description), so the list a client reads is the one the hub answers with. {@code OpenApiDocumentTest} keeps the
 * document and the router's routes in step, both ways.
 */
final class OpenApiDocument {
    static final String RESOURCE = "openapi.json";
    /** The extension of the {@code Error} schema that lists every {@link ApiError}. */
    static final String ERROR_CODES = "x-error-codes";

    private static final Buffer DOCUMENT = Buffer.buffer(load());

    private OpenApiDocument() {}

    static void serve(RoutingContext ctx) {
        ctx.response().putHeader("content-type", "application/json").end(DOCUMENT);
    }

    static byte[] load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the hub's jar");
            }
            return withErrorCodes(new JsonObject(Buffer.buffer(in.readAllBytes())))
                    .encodePrettily()
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }

    private static JsonObject withErrorCodes(JsonObject document) {
        document.getJsonObject("components")
                .getJsonObject("schemas")
                .getJsonObject("Error")
                .put(ERROR_CODES, ApiError.catalogue());
        return document;
    }
}
