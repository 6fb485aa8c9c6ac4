package io.vigil.model.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.vigil.core.json.Json;
import java.util.Map;

/** The one-line JSON the eval commands end with. */
final class Jsons {
    private Jsons() {}

    static String line(Map<String, Object> fields) {
        try {
            return Json.mapper().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write figures as JSON: " + e.getMessage(), e);
        }
    }

    /** Rounds for display; the JSON carries figures, not float noise. */
    static double round(double value, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(value * f) / f;
    }
}
