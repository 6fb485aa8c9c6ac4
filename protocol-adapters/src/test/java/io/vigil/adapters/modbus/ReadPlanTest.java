package io.vigil.adapters.modbus;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReadPlanTest {
    private static ModbusAddress hr(int offset, int width) {
        return new ModbusAddress(ModbusTable.HOLDING_REGISTER, offset, width, WordOrder.ABCD);
    }

    @Test
    void mergesNeighboursIntoOneRequest() {
        var plan = ReadPlan.of(List.of(hr(4, 2), hr(0, 2), hr(6, 1)));
        assertThat(plan).containsExactly(new ReadBlock(ModbusTable.HOLDING_REGISTER, 0, 7, List.of(1, 0, 2)));
    }

    @Test
    void bridgesSmallGapsButNotLargeOnes() {
        var plan = ReadPlan.of(List.of(hr(0, 2), hr(18, 2), hr(40, 1)));
        assertThat(plan)
                .containsExactly(
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 0, 20, List.of(0, 1)),
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 40, 1, List.of(2)));
    }

    @Test
    void neverMixesTables() {
        var coil = new ModbusAddress(ModbusTable.COIL, 0, 1, WordOrder.ABCD);
        var plan = ReadPlan.of(List.of(hr(0, 1), coil));
        assertThat(plan).extracting(ReadBlock::table).containsExactly(ModbusTable.COIL, ModbusTable.HOLDING_REGISTER);
    }

    @Test
    void staysWithinOneHundredTwentyFiveRegisters() {
        var tags = new ArrayList<ModbusAddress>();
        for (int offset = 0; offset <= 130; offset += 10) {
            tags.add(hr(offset, 2));
        }
        var plan = ReadPlan.of(tags);
        assertThat(plan).extracting(ReadBlock::start).containsExactly(0, 130);
        assertThat(plan.get(0).count()).isEqualTo(122);
    }

    @Test
    void readsOverlappingTagsOnce() {
        var plan = ReadPlan.of(List.of(hr(10, 2), hr(10, 1)));
        assertThat(plan).containsExactly(new ReadBlock(ModbusTable.HOLDING_REGISTER, 10, 2, List.of(0, 1)));
    }

    @Test
    void aLearnedLimitSplitsRequestsButNeverATag() {
        var plan = ReadPlan.of(List.of(hr(0, 2), hr(2, 2), hr(4, 4), hr(8, 1)), 3);
        assertThat(plan)
                .containsExactly(
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 0, 2, List.of(0)),
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 2, 2, List.of(1)),
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 4, 4, List.of(2)),
                        new ReadBlock(ModbusTable.HOLDING_REGISTER, 8, 1, List.of(3)));
    }

    @Test
    void aLearnedLimitLeavesBitRequestsAlone() {
        var coil = new ModbusAddress(ModbusTable.COIL, 0, 1, WordOrder.ABCD);
        var coil10 = new ModbusAddress(ModbusTable.COIL, 10, 1, WordOrder.ABCD);
        assertThat(ReadPlan.of(List.of(coil, coil10), 1)).hasSize(1);
    }
}
