package io.vigil.hub.store.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SampleCopyTest {
    private static final long ONE_SECOND_AFTER_PG_EPOCH = SampleCopy.PG_EPOCH_MICROS + 1_000_000;
    private static final String HEADER = "5047434f50590aff0d0a00" + "00000000" + "00000000";

    private static String hex(SampleCopy copy) {
        return HexFormat.of().formatHex(copy.bytes());
    }

    @Test
    void encodesAGoodRowInPostgresBinaryCopyFormat() {
        var copy = new SampleCopy();

        copy.add(7, ONE_SECOND_AFTER_PG_EPOCH, 1.5, 192);

        assertThat(hex(copy))
                .isEqualTo(HEADER
                        + "0004"
                        + "00000004" + "00000007"
                        + "00000008" + "00000000000f4240"
                        + "00000008" + "3ff8000000000000"
                        + "00000002" + "00c0"
                        + "ffff");
        assertThat(copy.rows()).isEqualTo(1);
    }

    @Test
    void encodesABadSampleWithANullValue() {
        var copy = new SampleCopy();

        copy.add(7, ONE_SECOND_AFTER_PG_EPOCH + 1, Double.NaN, 0);

        assertThat(hex(copy))
                .isEqualTo(HEADER
                        + "0004"
                        + "00000004" + "00000007"
                        + "00000008" + "00000000000f4241"
                        + "ffffffff"
                        + "00000002" + "0000"
                        + "ffff");
    }

    @Test
    void growsPastItsInitialBufferAndStartsAfreshAfterClear() {
        var copy = new SampleCopy();
        for (int i = 0; i < 5_000; i++) {
            copy.add(i, ONE_SECOND_AFTER_PG_EPOCH + i, i, 192);
        }
        assertThat(copy.bytes()).hasSize(19 + 5_000 * 40 + 2);

        copy.clear();

        assertThat(copy.isEmpty()).isTrue();
        assertThat(hex(copy)).isEqualTo(HEADER + "ffff");
    }
}
