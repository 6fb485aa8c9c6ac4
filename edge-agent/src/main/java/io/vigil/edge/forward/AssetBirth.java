package io.vigil.edge.forward;

import io.vigil.core.sample.Tags;
import io.vigil.core.wire.MetricDef;
import java.util.List;
import java.util.Map;

/**
 * What a DBIRTH announces for one asset.
 *
 * @param asset the asset (the Sparkplug device id)
 * @param metrics its tags with units, its score metrics and the anomaly event metric
 * @param meta descriptive metadata ({@code protocol}, {@code device})
 */
public record AssetBirth(String asset, List<MetricDef> metrics, Map<String, String> meta) {
    public AssetBirth {
        Tags.requireValidId("asset", asset);
        metrics = List.copyOf(metrics);
        meta = Map.copyOf(meta);
    }
}
