package io.vigil.adapters.modbus;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Groups tags into as few requests as the protocol allows. Tags of one table are sorted by address and merged into a
 * block while the block stays within the per-request limit and the hole between neighbours is at most
 * {@link #MAX_GAP} registers; reading a few unused registers is much cheaper than another round trip (about 0.15 ms on
 * loopback, several ms on a plant network).
 */
final class ReadPlan {
    /** Largest run of unused registers (or bits) read to avoid a second request. */
    static final int MAX_GAP = 16;

    private ReadPlan() {}

    static List<ReadBlock> of(List<ModbusAddress> addresses) {
        return of(addresses, ModbusTable.MAX_REGISTERS_PER_REQUEST);
    }

    /** The plan for every tag with at most {@code maxRegisters} registers per request (bits keep their limit). */
    static List<ReadBlock> of(List<ModbusAddress> addresses, int maxRegisters) {
        var all = new ArrayList<Integer>();
        for (int i = 0; i < addresses.size(); i++) {
            all.add(i);
        }
        return of(addresses, all, maxRegisters);
    }

    /**
     * The plan for the tags {@code members} (indexes into {@code addresses}). A tag is never split, so a tag wider than
     * {@code maxRegisters} gets a request of its own width.
     */
    static List<ReadBlock> of(List<ModbusAddress> addresses, List<Integer> members, int maxRegisters) {
        if (maxRegisters < 1 || maxRegisters > ModbusTable.MAX_REGISTERS_PER_REQUEST) {
            throw new IllegalArgumentException(
                    "maxRegisters " + maxRegisters + " must be 1.." + ModbusTable.MAX_REGISTERS_PER_REQUEST);
        }
        var order = new ArrayList<>(members);
        order.sort(Comparator.comparing((Integer i) -> addresses.get(i).table())
                .thenComparingInt(i -> addresses.get(i).offset()));
        var blocks = new ArrayList<ReadBlock>();
        var current = new ArrayList<Integer>();
        for (int index : order) {
            if (!current.isEmpty() && !fits(addresses, current, addresses.get(index), maxRegisters)) {
                blocks.add(block(addresses, current));
                current.clear();
            }
            current.add(index);
        }
        if (!current.isEmpty()) {
            blocks.add(block(addresses, current));
        }
        return blocks;
    }

    private static boolean fits(List<ModbusAddress> addresses, List<Integer> current, ModbusAddress next, int maxRegs) {
        ModbusAddress first = addresses.get(current.get(0));
        int end = current.stream().mapToInt(i -> addresses.get(i).end()).max().orElseThrow();
        int limit = first.table().isBits() ? first.table().maxPerRequest() : maxRegs;
        return next.table() == first.table()
                && next.offset() - end <= MAX_GAP
                && Math.max(end, next.end()) - first.offset() <= limit;
    }

    private static ReadBlock block(List<ModbusAddress> addresses, List<Integer> members) {
        ModbusAddress first = addresses.get(members.get(0));
        int end = members.stream().mapToInt(i -> addresses.get(i).end()).max().orElseThrow();
        return new ReadBlock(first.table(), first.offset(), end - first.offset(), members);
    }
}
