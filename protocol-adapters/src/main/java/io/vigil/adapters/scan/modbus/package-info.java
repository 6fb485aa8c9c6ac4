/**
 * The scanner's Modbus TCP probe: Read Device Identification (43/14) on unit ids 255, 1 and 0 ({@link ModbusProbe},
 * frames in {@link DeviceIdentification}). Shares nothing with the Modbus driver.
 */
package io.vigil.adapters.scan.modbus;
