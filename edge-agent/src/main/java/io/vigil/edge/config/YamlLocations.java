package io.vigil.edge.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each key path of a YAML document starts ({@code devices[0].tags[2].address} → line 12, column 7), so that a
 * problem found after binding can still point at its line. A key maps to the location of the key itself, a list
 * element to the location of its value.
 */
final class YamlLocations {
    private final Map<String, JsonLocation> locations = new HashMap<>();

    static YamlLocations scan(JsonParser parser) throws IOException {
        var result = new YamlLocations();
        if (parser.nextToken() != null) {
            result.value(parser, "");
        }
        return result;
    }

    /** The location of the path, or of its nearest ancestor that has one; {@code null} when none has. */
    JsonLocation find(String path) {
        for (String p = path; ; p = parent(p)) {
            JsonLocation loc = locations.get(p);
            if (loc != null || p.isEmpty()) {
                return loc;
            }
        }
    }

    private void value(JsonParser p, String path) throws IOException {
        locations.putIfAbsent(path, p.currentTokenLocation());
        if (p.currentToken() == JsonToken.START_OBJECT) {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String child = path.isEmpty() ? p.currentName() : path + "." + p.currentName();
                locations.put(child, p.currentTokenLocation());
                p.nextToken();
                value(p, child);
            }
        } else if (p.currentToken() == JsonToken.START_ARRAY) {
            int i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                value(p, path + "[" + i++ + "]");
            }
        }
    }

    static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }
}
