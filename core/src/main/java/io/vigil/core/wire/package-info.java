/**
 * The wire format between agent and hub: Sparkplug B topics ({@link SparkplugTopic}) and payloads encoded and
 * decoded by {@link SparkplugCodec} into Vigil's terms ({@link SparkplugMessage}: {@link AssetData} with samples,
 * {@link Score}s and {@link AnomalyEvent}s; births as {@link MetricDef}s). A payload that cannot be decoded is a
 * {@link MalformedPayloadException}; a data metric whose alias was never born is an {@link UnknownAliasException}.
 */
package io.vigil.core.wire;
