package io.vigil.hub.api;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * {@code GET /api/v1/openapi.json}: the hand-written OpenAPI 3.1 document {@code openapi.json} next to this class,
 * read once. {@code OpenApiDocumentTest} keeps it and the router's routes in step, both ways.
 */
final class OpenApiDocument {
    static final String RESOURCE = "openapi.json";
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
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
    }
}
