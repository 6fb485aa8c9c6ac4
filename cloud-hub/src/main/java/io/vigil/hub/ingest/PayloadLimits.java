package io.vigil.hub.ingest;

/**
 * How much one edge node may make the hub hold. Both bound what a single hostile or broken publisher costs: an NBIRTH
 * of a million metrics is refused after one protobuf parse instead of being converted, logged and stored, and a node
 * that keeps inventing metric names stops creating series at {@code seriesPerNode}.
 *
 * @param metricsPerMessage the most metrics one Sparkplug payload may carry; a payload with more is rejected whole
 *     (reason {@code too_many_metrics}), before any metric is decoded
 * @param seriesPerNode the most distinct series (asset and metric) one edge node may define while this hub runs; a
 *     message that would pass it is rejected whole (reason {@code series_limit})
 */
public record PayloadLimits(int metricsPerMessage, int seriesPerNode) {
    public static final PayloadLimits DEFAULT = new PayloadLimits(10_000, 50_000);

    public PayloadLimits {
        if (metricsPerMessage < 1) {
            throw new IllegalArgumentException("metricsPerMessage " + metricsPerMessage + " must be at least 1");
        }
        if (seriesPerNode < 1) {
            throw new IllegalArgumentException("seriesPerNode " + seriesPerNode + " must be at least 1");
        }
    }
}
