package io.vigil.adapters.modbus;

import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests of one read, kept under the request limit learned from the device.
 *
 * <p>Many devices answer fewer than the protocol's 125 registers per request. A multi-register request answered with
 * exception 03 (ILLEGAL DATA VALUE) or not answered at all (timeout) halves the limit (to half the refused request,
 * never below 1) and the tags are re-planned. The limit belongs to the device's unit id and is logged once per change
 * at INFO. A limit lowered by a timeout is probed back up with caution, one lowered by exception 03 is a ceiling
 * ({@link RequestLimit}); what was learned is kept across restarts in {@link LearnedLimits}, read at the first
 * connect.
 *
 * <p>Changed on the adapter's io thread only; {@link #blocks()} and {@link #maxRegisters()} may be read anywhere.
 */
final class AdaptiveReadPlan {
    // The adapter's logger: operators follow one device in one log category.
    private static final Logger log = LoggerFactory.getLogger(ModbusAdapter.class);

    private final List<ModbusAddress> addresses;
    private final ModbusEndpoint endpoint;
    private final LearnedLimits learned;
    private final Clock clock;
    private final String device;
    private volatile List<ReadBlock> blocks;
    private volatile int maxRegisters = ModbusTable.MAX_REGISTERS_PER_REQUEST;
    /** Learns {@link #maxRegisters}; created at the first connect from what {@link #learned} remembers. */
    private RequestLimit limit;

    /** @param device names the device in log lines */
    AdaptiveReadPlan(
            List<ModbusAddress> addresses, ModbusEndpoint endpoint, LearnedLimits learned, Clock clock, String device) {
        this.addresses = addresses;
        this.endpoint = endpoint;
        this.learned = learned;
        this.clock = clock;
        this.device = device;
        this.blocks = ReadPlan.of(addresses);
    }

    List<ReadBlock> blocks() {
        return blocks;
    }

    /** The most registers per request the device is known to answer (125 until it refuses one). */
    int maxRegisters() {
        return maxRegisters;
    }

    /** At the first connect: starts from what an earlier run learned about this unit. */
    void restoreOnce() {
        if (limit != null) {
            return;
        }
        var known = learned.get(LearnedLimits.key(endpoint)).orElse(LearnedLimits.Learned.PROTOCOL);
        limit = new RequestLimit(known, clock.instant());
        if (known.limit() < ModbusTable.MAX_REGISTERS_PER_REQUEST) {
            replan();
            log.info(
                    "{}: unit {} answered at most {} registers per request before (ceiling {})",
                    device,
                    endpoint.unitId(),
                    known.limit(),
                    known.ceiling());
        }
    }

    /**
     * The block in requests under the limit: several when it was planned before the limit was lowered during this
     * read (split it rather than be refused again), else the block itself.
     */
    List<ReadBlock> fit(ReadBlock block) {
        if (!block.table().isBits() && block.count() > maxRegisters) {
            List<ReadBlock> parts = ReadPlan.of(addresses, block.tags(), maxRegisters);
            if (parts.size() > 1) {
                return parts;
            }
        }
        return List.of(block);
    }

    /**
     * The device answered exception 03 to {@code block}: the limit goes below it and the block's tags come back in
     * requests under the new limit; empty when they cannot be split (bits, a single tag), so the caller falls back to
     * reading tag by tag.
     */
    List<ReadBlock> refused(ReadBlock block) {
        learn(block, true, "exception 03 (ILLEGAL DATA VALUE)");
        List<ReadBlock> parts = ReadPlan.of(addresses, block.tags(), maxRegisters);
        return parts.size() > 1 ? parts : List.of();
    }

    /** The device did not answer {@code block} within {@code timeoutMs}: the limit goes below it, softly. */
    void timedOut(ReadBlock block, long timeoutMs) {
        learn(block, false, "no answer within " + timeoutMs + " ms");
    }

    /** A read failed as a whole. */
    void readFailed() {
        limit.readFailed();
    }

    /** Counts a read without refusal; after enough of them the next read tries a larger request once. */
    void readSucceeded() {
        boolean probe = limit.probing();
        if (limit.readSucceeded(clock.instant())) {
            int before = maxRegisters;
            replan();
            log.info(
                    "{}: unit {} answered {} registers per request for a while; trying {} ({} requests per read)",
                    device,
                    endpoint.unitId(),
                    before,
                    maxRegisters,
                    blocks.size());
        } else if (probe) {
            log.info("{}: unit {} answers {} registers per request", device, endpoint.unitId(), maxRegisters);
        }
        learned.put(LearnedLimits.key(endpoint), limit.learned());
    }

    /**
     * Lowers the register limit below a refused multi-register request and re-plans every read; {@code hard} for
     * exception 03, which also caps later probes. A request planned before the last change (larger than the limit
     * already) teaches nothing new.
     */
    private void learn(ReadBlock block, boolean hard, String why) {
        boolean probe = limit.probing();
        if (block.table().isBits() || !limit.refused(block.count(), hard, clock.instant())) {
            return;
        }
        replan();
        learned.put(LearnedLimits.key(endpoint), limit.learned());
        log.info(
                "{}: unit {} refused a request of {} registers ({}); reading at most {} registers per request from now"
                        + " on ({} requests per read{})",
                device,
                endpoint.unitId(),
                block.count(),
                why,
                maxRegisters,
                blocks.size(),
                probe && !limit.probing()
                        ? hard
                                ? "; the device's ceiling"
                                : "; next try of a larger request in " + limit.waitBeforeProbe()
                        : "");
    }

    private void replan() {
        maxRegisters = limit.current();
        blocks = ReadPlan.of(addresses, maxRegisters);
    }
}
