package io.vigil.edge.agent;

import io.vigil.core.device.DeviceSpec;
import io.vigil.core.sample.ValueType;
import io.vigil.core.tag.TagSpec;
import io.vigil.core.wire.MetricDef;
import io.vigil.core.wire.SparkplugCodec;
import io.vigil.edge.config.AgentConfig;
import io.vigil.edge.forward.AssetBirth;
import io.vigil.edge.score.WindowModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What each asset declares in its DBIRTH: every tag of its devices (strings as text), a score metric per model that
 * scores it and the anomaly event when any does, and which devices and protocols it is read from.
 */
final class AssetBirths {
    private static final Logger LOG = LoggerFactory.getLogger(AssetBirths.class);

    private AssetBirths() {}

    /** @param models one per {@link AgentConfig#models()} entry, in the same order */
    static List<AssetBirth> of(AgentConfig config, List<WindowModel> models) {
        var result = new ArrayList<AssetBirth>();
        config.devicesByAsset().forEach((asset, devices) -> {
            var metrics = new ArrayList<MetricDef>();
            devices.forEach(d -> d.tags()
                    .forEach(t -> metrics.add(
                            new MetricDef(t.id(), t.unit(), t.type().isText() ? ValueType.STRING : ValueType.DOUBLE))));
            logTextTags(asset, devices);
            boolean scored = false;
            for (int i = 0; i < models.size(); i++) {
                if (config.models().get(i).assets().contains(asset)) {
                    metrics.add(new MetricDef(
                            SparkplugCodec.SCORE_PREFIX
                                    + models.get(i).manifest().id(),
                            ""));
                    scored = true;
                }
            }
            if (scored) {
                metrics.add(new MetricDef(SparkplugCodec.ANOMALY_EVENT, ""));
            }
            var meta = Map.of(
                    "protocol",
                            devices.stream()
                                    .map(d -> d.protocol().configName())
                                    .distinct()
                                    .collect(Collectors.joining(",")),
                    "device", devices.stream().map(DeviceSpec::id).collect(Collectors.joining(",")));
            result.add(new AssetBirth(asset, metrics, meta));
        });
        return result;
    }

    /** Once per asset at start: its string tags go to the hub as text and never into a model's window. */
    private static void logTextTags(String asset, List<DeviceSpec> devices) {
        var text = devices.stream()
                .flatMap(d -> d.tags().stream())
                .filter(t -> t.type().isText())
                .map(TagSpec::id)
                .toList();
        if (!text.isEmpty()) {
            LOG.info("asset {}: string tags {} are forwarded as text and not scored", asset, text);
        }
    }
}
