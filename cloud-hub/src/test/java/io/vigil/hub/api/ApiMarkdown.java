package io.vigil.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Renders the hub's OpenAPI document as the Markdown of {@code docs/API.md}: an index of the operations, one section
 * per operation (parameters, body, responses with their error codes) and one per schema. It reads only the subset of
 * OpenAPI 3.1 the hand-written document uses; a keyword it does not know still shows up as the schema's type name, so
 * a new construct makes the page vaguer, never wrong.
 */
final class ApiMarkdown {
    private static final List<String> METHODS = List.of("get", "put", "post", "delete", "patch");

    private final JsonObject doc;
    private final StringBuilder out = new StringBuilder();

    private ApiMarkdown(JsonObject doc) {
        this.doc = doc;
    }

    static String render(JsonObject doc) {
        return new ApiMarkdown(doc).document();
    }

    private String document() {
        var info = doc.getJsonObject("info");
        line("# " + info.getString("title") + " " + info.getString("version"));
        line("");
        line(
                "<!-- Generated from cloud-hub/src/main/resources/io/vigil/hub/api/openapi.json by ApiDocTest; do not edit."
                        + " Regenerate: ./mvnw -o -pl cloud-hub test -Dtest=ApiDocTest -Dvigil.docs.write=true -->");
        line("");
        line(info.getString("description"));
        line("");
        line("The running hub serves this document as `GET /api/v1/openapi.json`. Errors are JSON objects"
                + " `{\"code\", \"status\", \"message\"}` ([Error](#error)); the codes named below are stable.");
        line("");
        authentication();
        index();
        operations();
        schemas();
        return out.toString();
    }

    private void authentication() {
        line("## Authentication");
        line("");
        var schemes = doc.getJsonObject("components").getJsonObject("securitySchemes");
        for (String name : schemes.fieldNames()) {
            var s = schemes.getJsonObject(name);
            String how = "http".equals(s.getString("type"))
                    ? "HTTP `Authorization: " + capitalized(s.getString("scheme")) + " TOKEN`"
                    : "the " + s.getString("in") + " `" + s.getString("name") + "`";
            line("- `" + name + "`: " + how + optional(" — ", s.getString("description")));
        }
        line("");
    }

    private void index() {
        line("## Operations");
        line("");
        line("| method and path | what it does |");
        line("|---|---|");
        forEachOperation((method, path, op) -> {
            String heading = method.toUpperCase(Locale.ROOT) + " " + path;
            line("| [`" + heading + "`](#" + anchor(heading) + ") | " + cell(op.getString("summary")) + " |");
        });
        line("");
    }

    private void operations() {
        forEachOperation((method, path, op) -> {
            line("### " + method.toUpperCase(Locale.ROOT) + " " + path);
            line("");
            String summary = op.getString("summary");
            String description = op.getString("description");
            line(description == null ? summary : summary + (summary.endsWith(".") ? " " : ". ") + description);
            line("");
            if (op.getJsonArray("security") != null
                    && op.getJsonArray("security").isEmpty()) {
                line("No login needed.");
                line("");
            }
            parameters(op.getJsonArray("parameters"));
            requestBody(op.getJsonObject("requestBody"));
            responses(op.getJsonObject("responses"));
        });
    }

    private void parameters(JsonArray params) {
        if (params == null || params.isEmpty()) {
            return;
        }
        line("| parameter | in | required | type | meaning |");
        line("|---|---|---|---|---|");
        for (Object p : params) {
            var param = deref((JsonObject) p);
            line("| `" + param.getString("name") + "` | " + param.getString("in") + " | "
                    + (param.getBoolean("required", false) ? "yes" : "no") + " | "
                    + type(param.getJsonObject("schema")) + " | "
                    + cell(param.getString("description", "") + optional(" (e.g. `", param.getString("example"), "`)"))
                    + " |");
        }
        line("");
    }

    private void requestBody(JsonObject body) {
        if (body == null) {
            return;
        }
        var content = body.getJsonObject("content");
        for (String mediaType : content.fieldNames()) {
            var schema = content.getJsonObject(mediaType).getJsonObject("schema");
            line("Body" + (body.getBoolean("required", false) ? "" : " (optional)") + ", `" + mediaType + "`: "
                    + type(schema) + ".");
            line("");
            properties("", schema);
        }
    }

    private void responses(JsonObject responses) {
        line("| status | meaning | body |");
        line("|---|---|---|");
        responses.fieldNames().stream().sorted().forEach(status -> {
            var response = deref(responses.getJsonObject(status));
            line("| " + status + " | " + cell(response.getString("description")) + " | " + body(response) + " |");
        });
        line("");
    }

    private String body(JsonObject response) {
        var content = response.getJsonObject("content");
        if (content == null) {
            return "";
        }
        return content.fieldNames().stream()
                .map(mediaType -> "`" + mediaType + "` "
                        + type(content.getJsonObject(mediaType).getJsonObject("schema")))
                .collect(Collectors.joining(", "));
    }

    private void schemas() {
        line("## Schemas");
        line("");
        var schemas = doc.getJsonObject("components").getJsonObject("schemas");
        for (String name : schemas.fieldNames()) {
            var schema = schemas.getJsonObject(name);
            line("### " + name);
            line("");
            if (schema.containsKey("description")) {
                line(schema.getString("description"));
                line("");
            }
            if (schema.containsKey("properties")) {
                properties("", schema);
                errorCodes(schema.getJsonArray(OpenApiDocument.ERROR_CODES));
            } else {
                line(capitalized(type(schema)) + ".");
                line("");
            }
        }
    }

    /** The stable error codes the hub answers with, as {@link OpenApiDocument} adds them to the Error schema. */
    private void errorCodes(JsonArray codes) {
        if (codes == null) {
            return;
        }
        line("Error codes:");
        line("");
        line("| code | status | meaning |");
        line("|---|---|---|");
        for (Object c : codes) {
            var code = (JsonObject) c;
            line("| `" + code.getString("code") + "` | " + code.getValue("status") + " | "
                    + cell(code.getString("description", "")) + " |");
        }
        line("");
    }

    /** A table of the object's properties, nested objects flattened into dotted names. */
    private void properties(String prefix, JsonObject schema) {
        var rows = new ArrayList<String>();
        collectProperties(prefix, schema, rows);
        if (rows.isEmpty()) {
            return;
        }
        line("| field | type | required | meaning |");
        line("|---|---|---|---|");
        rows.forEach(this::line);
        line("");
    }

    private void collectProperties(String prefix, JsonObject schema, List<String> rows) {
        if (schema == null || schema.containsKey("$ref")) {
            return;
        }
        if (schema.containsKey("allOf")) {
            schema.getJsonArray("allOf").forEach(part -> collectProperties(prefix, (JsonObject) part, rows));
            return;
        }
        var props = schema.getJsonObject("properties");
        if (props == null) {
            return;
        }
        var required = schema.getJsonArray("required", new JsonArray());
        for (String name : props.fieldNames()) {
            var prop = props.getJsonObject(name);
            rows.add("| `" + prefix + name + "` | " + type(prop) + " | " + (required.contains(name) ? "yes" : "")
                    + " | " + cell(prop.getString("description", "")) + " |");
            if (prop.containsKey("properties")) {
                collectProperties(prefix + name + ".", prop, rows);
            } else if (prop.getJsonObject("items") != null) {
                collectProperties(prefix + name + "[].", prop.getJsonObject("items"), rows);
            }
        }
    }

    /** A schema's type in words: a link for a reference, the values of an enum, the item type of an array. */
    private String type(JsonObject schema) {
        if (schema == null) {
            return "";
        }
        if (schema.containsKey("$ref")) {
            String name = schemaName(schema.getString("$ref"));
            return "[" + name + "](#" + anchor(name) + ")";
        }
        if (schema.containsKey("allOf")) {
            return schema.getJsonArray("allOf").stream()
                    .map(part -> type((JsonObject) part))
                    .collect(Collectors.joining(" and "));
        }
        if (schema.containsKey("const")) {
            return "`" + schema.getValue("const") + "`";
        }
        if (schema.containsKey("enum")) {
            return "one of "
                    + schema.getJsonArray("enum").stream()
                            .map(v -> "`" + v + "`")
                            .collect(Collectors.joining(", "));
        }
        Object type = schema.getValue("type");
        String name = type instanceof JsonArray types
                ? types.stream().map(String::valueOf).collect(Collectors.joining(" or "))
                : String.valueOf(type);
        if ("array".equals(name)) {
            return "array of " + type(schema.getJsonObject("items"));
        }
        if (schema.containsKey("format")) {
            name += " (" + schema.getString("format") + ")";
        }
        if (schema.containsKey("minLength")) {
            name += ", at least " + schema.getInteger("minLength") + " characters";
        }
        return name;
    }

    private JsonObject deref(JsonObject node) {
        String ref = node.getString("$ref");
        if (ref == null) {
            return node;
        }
        JsonObject target = doc;
        for (String part : ref.substring(2).split("/")) {
            target = target.getJsonObject(part);
            if (target == null) {
                throw new IllegalArgumentException("$ref " + ref + " does not resolve");
            }
        }
        return target;
    }

    private void forEachOperation(OperationVisitor visitor) {
        var paths = doc.getJsonObject("paths");
        for (String path : paths.fieldNames()) {
            var item = paths.getJsonObject(path);
            for (String method : METHODS) {
                if (item.containsKey(method)) {
                    visitor.visit(method, path, item.getJsonObject(method));
                }
            }
        }
    }

    @FunctionalInterface
    private interface OperationVisitor {
        void visit(String method, String path, JsonObject operation);
    }

    private static String schemaName(String ref) {
        return ref.substring(ref.lastIndexOf('/') + 1);
    }

    /** The anchor GitHub gives a heading: lower case, punctuation but hyphens and underscores dropped. */
    static String anchor(String heading) {
        return heading.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    /** Text fit for one table cell: a pipe would end the cell, a line break the row. */
    static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String optional(String before, String value) {
        return value == null ? "" : before + value;
    }

    private static String optional(String before, String value, String after) {
        return value == null ? "" : before + value + after;
    }

    private static String capitalized(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private void line(String s) {
        out.append(s).append('\n');
    }
}
