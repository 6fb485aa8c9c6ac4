/**
 * Modbus TCP through j2mod: the {@link ModbusAdapter} polls one device with coalesced reads ({@link ReadPlan} of
 * {@link ReadBlock}s), decodes registers ({@link RegisterCodec}, {@link WordOrder}) and learns how many registers
 * the device answers per request ({@link RequestLimit}, kept across restarts by {@link LearnedLimits}). {@link
 * ModbusAddress} and {@link ModbusEndpoint} are the address syntax of {@code agent.yaml}.
 */
package io.vigil.adapters.modbus;
