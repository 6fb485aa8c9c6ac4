package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.tag.DataType;
import io.vigil.core.tag.TagSpec;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Text in registers: two characters per register, golden words for both byte orders. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RegisterTextTest {
    @Test
    void readsHighByteFirstByDefault() {
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x5055, 0x4D50, 0x2D37, 0x0000}))
                .isEqualTo("PUMP-7");
    }

    @Test
    void readsLowByteFirstInBadcOrder() {
        assertThat(RegisterCodec.decodeText(WordOrder.BADC, new int[] {0x5552, 0x4E4E, 0x4E49, 0x0047}))
                .isEqualTo("RUNNING");
    }

    @Test
    void anOddLengthTextEndsInAHalfUsedRegister() {
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x4142, 0x4300}))
                .isEqualTo("ABC");
        assertThat(RegisterCodec.encodeText(WordOrder.ABCD, "ABC", 2)).containsExactly(0x4142, 0x4300);
        assertThat(RegisterCodec.encodeText(WordOrder.BADC, "ABC", 2)).containsExactly(0x4241, 0x0043);
    }

    @Test
    void trimsTrailingSpacesAndStopsAtTheFirstNul() {
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x2041, 0x2020}))
                .isEqualTo(" A");
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x4F4B, 0x0058, 0x5858}))
                .as("stale bytes after the NUL")
                .isEqualTo("OK");
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0, 0})).isEmpty();
    }

    @Test
    void readsUtf8WhenValidAndIso88591Otherwise() {
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, RegisterCodec.encodeText(WordOrder.ABCD, "25°C", 3)))
                .isEqualTo("25°C");
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x3235, 0xB043}))
                .as("a lone 0xB0 is not UTF-8: ISO-8859-1 degree sign")
                .isEqualTo("25°C");
    }

    @Test
    void replacesControlCharactersSoAValueNeverBreaksALine() {
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x410A, 0x0D42}))
                .isEqualTo("A\uFFFD\uFFFDB");
        assertThat(RegisterCodec.decodeText(WordOrder.ABCD, new int[] {0x4185, 0x4200}))
                .as("C1 control 0x85 in ISO-8859-1")
                .isEqualTo("A\uFFFDB");
    }

    @Test
    void aStringTagIsOneBlockOfItsLengthInAbcdOrBadc() {
        assertThat(ModbusAddress.of(TagSpec.text("state", "hr:100", 10)))
                .isEqualTo(new ModbusAddress(ModbusTable.HOLDING_REGISTER, 100, 10, WordOrder.ABCD));
        assertThat(ModbusAddress.of(TagSpec.text("state", "ir:0:badc", 4)).order())
                .isEqualTo(WordOrder.BADC);
        assertThatThrownBy(() -> ModbusAddress.of(TagSpec.text("state", "hr:0:cdab", 4)))
                .hasMessageContaining("tag state")
                .hasMessageContaining("abcd (high byte first) or badc");
        assertThatThrownBy(() -> ModbusAddress.of(TagSpec.text("state", "hr:65530", 8)))
                .hasMessageContaining("leaves the Modbus address range");
        assertThatThrownBy(() -> RegisterCodec.encodeText(WordOrder.ABCD, "TOO LONG", 2))
                .hasMessageContaining("does not fit in 2 registers");
        assertThatThrownBy(() -> RegisterCodec.decode(DataType.STRING, WordOrder.ABCD, new int[] {1}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePlanNeverSplitsAString() {
        var addresses = List.of(
                new ModbusAddress(ModbusTable.HOLDING_REGISTER, 0, 2, WordOrder.ABCD),
                new ModbusAddress(ModbusTable.HOLDING_REGISTER, 10, 60, WordOrder.ABCD),
                new ModbusAddress(ModbusTable.HOLDING_REGISTER, 72, 2, WordOrder.ABCD));

        var plan = ReadPlan.of(addresses, 32);

        assertThat(plan)
                .containsExactly(
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 0, 2, List.of(0)),
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 10, 60, List.of(1)),
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 72, 2, List.of(2)));
    }
}
