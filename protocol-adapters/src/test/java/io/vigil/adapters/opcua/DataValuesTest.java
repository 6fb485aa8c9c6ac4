package io.vigil.adapters.opcua;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sample.Quality;
import io.vigil.core.sample.Sample;
import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.time.Instant;
import org.assertj.core.data.Offset;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned;
import org.junit.jupiter.api.Test;

class DataValuesTest {
    private static final TagSpec TEMP = new TagSpec("temp", "ns=2;s=t", DataType.INT16, 0.1, -5, "degC");
    private static final Instant READ_AT = Instant.parse("2026-01-01T00:00:10Z");
    private static final Instant SOURCE = Instant.parse("2026-01-01T00:00:09Z");

    private static DataValue value(Variant v, StatusCode status, Instant source) {
        return new DataValue(v, status, source == null ? null : new DateTime(source), null);
    }

    @Test
    void scalesAGoodValueAndKeepsTheSourceTimestamp() {
        Sample s = DataValues.toSample(TEMP, value(Variant.ofInt16((short) 601), StatusCode.GOOD, SOURCE), READ_AT);
        assertThat(s.value()).isCloseTo(55.1, Offset.offset(1e-9));
        assertThat(s.quality()).isEqualTo(Quality.GOOD);
        assertThat(s.time()).isEqualTo(SOURCE);
    }

    @Test
    void fallsBackToTheReadersClockWithoutTimestamps() {
        Sample s = DataValues.toSample(TEMP, value(Variant.ofDouble(600), StatusCode.GOOD, null), READ_AT);
        assertThat(s.time()).isEqualTo(READ_AT);
    }

    @Test
    void turnsABadStatusIntoABadSample() {
        var status = new StatusCode(StatusCodes.Bad_NodeIdUnknown);
        Sample s = DataValues.toSample(TEMP, value(Variant.ofNull(), status, null), READ_AT);
        assertThat(s.quality()).isEqualTo(Quality.BAD);
        assertThat(s.value()).isNaN();
    }

    @Test
    void keepsTheValueOfAnUncertainStatus() {
        var status = new StatusCode(StatusCodes.Uncertain_LastUsableValue);
        Sample s = DataValues.toSample(TEMP, value(Variant.ofDouble(600), status, SOURCE), READ_AT);
        assertThat(s.quality()).isEqualTo(Quality.UNCERTAIN);
        assertThat(s.value()).isCloseTo(55.0, Offset.offset(1e-9));
    }

    @Test
    void readsBooleansAndUnsignedNumbers() {
        var run = new TagSpec("run", "ns=2;s=r", DataType.BOOL);
        assertThat(DataValues.toSample(run, value(Variant.ofBoolean(true), StatusCode.GOOD, SOURCE), READ_AT)
                        .value())
                .isEqualTo(1.0);
        var count = new TagSpec("count", "ns=2;s=c", DataType.UINT32);
        var big = Variant.ofUInt32(Unsigned.uint(4_000_000_000L));
        assertThat(DataValues.toSample(count, value(big, StatusCode.GOOD, SOURCE), READ_AT)
                        .value())
                .isEqualTo(4.0e9);
    }

    @Test
    void treatsANonNumericValueAsBad() {
        Sample s = DataValues.toSample(TEMP, value(Variant.ofString("n/a"), StatusCode.GOOD, SOURCE), READ_AT);
        assertThat(s.quality()).isEqualTo(Quality.BAD);
    }
}
