package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.tag.DataType;
import org.junit.jupiter.api.Test;

class RegisterCodecTest {
    // 123.456f is 0x42F6E979 in IEEE 754.
    private static final int[] ABCD_123_456 = {0x42F6, 0xE979};

    @Test
    void readsFloatInStandardOrder() {
        assertThat(RegisterCodec.decode(DataType.FLOAT32, WordOrder.ABCD, ABCD_123_456))
                .isEqualTo(123.456f);
    }

    @Test
    void readsFloatInCdabWordOrder() {
        assertThat(RegisterCodec.decode(DataType.FLOAT32, WordOrder.CDAB, new int[] {0xE979, 0x42F6}))
                .isEqualTo(123.456f);
    }

    @Test
    void readsFloatInByteSwappedOrders() {
        assertThat(RegisterCodec.decode(DataType.FLOAT32, WordOrder.BADC, new int[] {0xF642, 0x79E9}))
                .isEqualTo(123.456f);
        assertThat(RegisterCodec.decode(DataType.FLOAT32, WordOrder.DCBA, new int[] {0x79E9, 0xF642}))
                .isEqualTo(123.456f);
    }

    @Test
    void writesTheGoldenWordsForEveryOrder() {
        assertThat(RegisterCodec.encode(DataType.FLOAT32, WordOrder.ABCD, 123.456))
                .containsExactly(0x42F6, 0xE979);
        assertThat(RegisterCodec.encode(DataType.FLOAT32, WordOrder.CDAB, 123.456))
                .containsExactly(0xE979, 0x42F6);
        assertThat(RegisterCodec.encode(DataType.FLOAT32, WordOrder.BADC, 123.456))
                .containsExactly(0xF642, 0x79E9);
        assertThat(RegisterCodec.encode(DataType.FLOAT32, WordOrder.DCBA, 123.456))
                .containsExactly(0x79E9, 0xF642);
    }

    @Test
    void readsSignedAndUnsignedIntegers() {
        assertThat(RegisterCodec.decode(DataType.INT16, WordOrder.ABCD, new int[] {0xFFFB}))
                .isEqualTo(-5);
        assertThat(RegisterCodec.decode(DataType.UINT16, WordOrder.ABCD, new int[] {0xFFFB}))
                .isEqualTo(65531);
        assertThat(RegisterCodec.decode(DataType.INT32, WordOrder.ABCD, new int[] {0xFFFF, 0xFFFE}))
                .isEqualTo(-2);
        assertThat(RegisterCodec.decode(DataType.UINT32, WordOrder.CDAB, new int[] {0x0000, 0x8000}))
                .isEqualTo(2147483648.0);
    }

    @Test
    void reversesAllFourWordsOfADoubleInCdabOrder() {
        assertThat(RegisterCodec.encode(DataType.FLOAT64, WordOrder.ABCD, 1.0)).containsExactly(0x3FF0, 0, 0, 0);
        assertThat(RegisterCodec.encode(DataType.FLOAT64, WordOrder.CDAB, 1.0)).containsExactly(0, 0, 0, 0x3FF0);
        assertThat(RegisterCodec.decode(DataType.FLOAT64, WordOrder.CDAB, new int[] {0, 0, 0, 0x3FF0}))
                .isEqualTo(1.0);
    }

    @Test
    void roundTripsEveryTypeInEveryOrder() {
        for (WordOrder order : WordOrder.values()) {
            for (DataType type : DataType.values()) {
                if (type.isText()) {
                    continue;
                }
                double value = type == DataType.BOOL ? 1 : 1234;
                assertThat(RegisterCodec.decode(type, order, RegisterCodec.encode(type, order, value)))
                        .as("%s %s", type, order)
                        .isEqualTo(value);
            }
        }
    }

    @Test
    void saturatesIntegersLikeAPlcRegister() {
        assertThat(RegisterCodec.encode(DataType.INT16, WordOrder.ABCD, 40000)).containsExactly(0x7FFF);
        assertThat(RegisterCodec.encode(DataType.UINT16, WordOrder.ABCD, -3)).containsExactly(0);
        assertThat(RegisterCodec.encode(DataType.INT16, WordOrder.ABCD, 551.6)).containsExactly(552);
    }

    @Test
    void rejectsTheWrongNumberOfRegisters() {
        assertThatThrownBy(() -> RegisterCodec.decode(DataType.FLOAT32, WordOrder.ABCD, new int[] {1}))
                .hasMessageContaining("FLOAT32 needs 2 registers, got 1");
    }
}
