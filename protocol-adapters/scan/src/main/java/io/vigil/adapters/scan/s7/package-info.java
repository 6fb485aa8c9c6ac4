/**
 * Siemens S7 identification for {@code vigil scan}: {@link io.vigil.adapters.scan.s7.S7Probe} connects to two fixed
 * TSAPs, reads the identification SZLs and tests PUT/GET access with a one-byte read; {@link
 * io.vigil.adapters.scan.s7.S7Frames} builds the TPKT/COTP/S7comm frames and decodes the replies. Nothing is written.
 * Shares nothing with the S7 driver in {@code io.vigil.adapters.s7}; depends only on the scan core.
 */
package io.vigil.adapters.scan.s7;
