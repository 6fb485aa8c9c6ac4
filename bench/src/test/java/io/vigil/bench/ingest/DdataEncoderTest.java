package io.vigil.bench.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Sample;
import io.vigil.core.wire.AssetData;
import io.vigil.core.wire.SparkplugCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class DdataEncoderTest {

    @Test
    void makesTheSamePayloadAsTheSparkplugCodec() {
        var tags = List.of("tag0", "tag1", "tag2");
        long first = Instant.parse("2026-11-22T10:00:00Z").toEpochMilli();
        var samples = new ArrayList<Sample>();
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < tags.size(); i++) {
                samples.add(
                        Sample.good(tags.get(i), Instant.ofEpochMilli(first + k), DdataEncoder.value(first + k, i)));
            }
        }
        Instant time = Instant.ofEpochMilli(first + 5_000);

        byte[] ours = DdataEncoder.encode(time.toEpochMilli(), 17, tags, first, 4);
        byte[] codec = SparkplugCodec.deviceData(time, 17, new AssetData(samples, List.of(), List.of()));

        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(codec));
        var decoded = SparkplugCodec.decode(ours);
        assertThat(decoded.seq()).isEqualTo(17);
        assertThat(decoded.data().samples()).containsExactlyElementsOf(samples);
    }
}
