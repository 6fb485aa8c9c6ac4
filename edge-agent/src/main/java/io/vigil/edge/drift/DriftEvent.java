package io.vigil.edge.drift;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.json.Json;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Live data of one asset moved away from a model's training reference.
 *
 * @param time when the check ran
 * @param model the model ref ({@code id@version})
 * @param asset the asset
 * @param moved the features that moved (input tags and/or {@code score})
 * @param figures every feature's figures at this check, moved or not
 * @param values live values per feature the check used
 */
public record DriftEvent(
        Instant time, String model, String asset, List<String> moved, List<FeatureDrift> figures, int values) {
    private static final ObjectMapper JSON = Json.mapper();

    public DriftEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(asset, "asset");
        moved = List.copyOf(moved);
        figures = List.copyOf(figures);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write drift event of model " + model + " as JSON", e);
        }
    }
}
