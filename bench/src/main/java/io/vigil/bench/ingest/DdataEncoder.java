package io.vigil.bench.ingest;

import io.vigil.core.sample.Quality;
import java.util.List;
import org.eclipse.tahu.protobuf.SparkplugBProto.DataType;
import org.eclipse.tahu.protobuf.SparkplugBProto.Payload;

/**
 * Encodes the load generator's DDATA straight with Eclipse Tahu's generated protobuf classes: the same payload, metric
 * for metric, as {@code SparkplugCodec.deviceData} (name, timestamp, Double value, {@code Quality} property; checked
 * by {@code DdataEncoderTest}), without Tahu's model layer, whose encoder renders every payload to a String for a debug
 * log whether or not that log is enabled. That rendering cost a tenth of the benchmark's CPU, spent in the load
 * generator, not in the hub being measured.
 */
final class DdataEncoder {
    private static final String QUALITY = "Quality";

    private DdataEncoder() {}

    /**
     * One DDATA: each tag at the {@code stamps} timestamps {@code firstMillis, firstMillis + 1, ...} (epoch
     * milliseconds), value {@code value(stamp, tag)}.
     */
    static byte[] encode(long timeMillis, long seq, List<String> tags, long firstMillis, int stamps) {
        var quality = Payload.PropertySet.newBuilder()
                .addKeys(QUALITY)
                .addValues(Payload.PropertyValue.newBuilder()
                        .setType(DataType.Int32_VALUE)
                        .setIntValue(Quality.GOOD.code()))
                .build();
        var payload = Payload.newBuilder().setTimestamp(timeMillis).setSeq(seq);
        for (int k = 0; k < stamps; k++) {
            long at = firstMillis + k;
            for (int i = 0; i < tags.size(); i++) {
                payload.addMetrics(Payload.Metric.newBuilder()
                        .setName(tags.get(i))
                        .setTimestamp(at)
                        .setDatatype(DataType.Double_VALUE)
                        .setIsNull(false)
                        .setDoubleValue(value(at, i))
                        .setProperties(quality));
            }
        }
        return payload.build().toByteArray();
    }

    /** The value of tag {@code tag} at {@code millis}: cheap, and different per tag and time. */
    static double value(long millis, int tag) {
        return millis % 1000 + tag * 0.25;
    }
}
