package io.vigil.adapters.modbus;

import java.util.List;

/**
 * One Modbus request: a contiguous range of one table and the tags (by index in the device spec) it covers.
 *
 * @param table the table to read
 * @param start first address
 * @param count number of registers or bits
 * @param tags indexes into the spec's tag list, each fully inside the range
 */
record ReadBlock(ModbusTable table, int start, int count, List<Integer> tags) {
    ReadBlock {
        tags = List.copyOf(tags);
    }

    int end() {
        return start + count;
    }
}
