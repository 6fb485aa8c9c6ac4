/**
 * Modbus TCP identification for {@code vigil scan}: {@link io.vigil.adapters.scan.modbus.ModbusProbe} asks Read
 * Device Identification (43/14) of a few fixed unit ids, never a register; {@link
 * io.vigil.adapters.scan.modbus.DeviceIdentification} is its frame codec. Shares nothing with the Modbus driver in
 * {@code io.vigil.adapters.modbus}; depends only on the scan core.
 */
package io.vigil.adapters.scan.modbus;
