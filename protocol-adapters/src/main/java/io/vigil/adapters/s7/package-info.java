/**
 * Siemens S7 (S7comm over ISO-on-TCP) through Apache PLC4X: {@link io.vigil.adapters.s7.S7Adapter} polls DB, M, I and
 * Q areas; {@link io.vigil.adapters.s7.S7Address} turns operator addresses into PLC4X tags.
 */
package io.vigil.adapters.s7;
