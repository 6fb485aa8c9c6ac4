package io.vigil.model.window;

import io.vigil.core.sample.Tags;
import java.time.Instant;
import java.util.Objects;

/**
 * A window of rows ready to be scored.
 *
 * @param asset the asset the rows describe
 * @param model the model id the window is for
 * @param time the time of the last row
 * @param rows the rows, oldest first, each the model's input tags in order
 */
public record ReadyWindow(String asset, String model, Instant time, double[][] rows) {
    public ReadyWindow {
        Tags.requireValidId("asset", asset);
        Tags.requireValidId("model", model);
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(rows, "rows");
    }
}
