/**
 * The scanner's Siemens S7 probe: a COTP connection to rack 0 slot 2, then slot 1, Setup Communication and an SZL
 * read of the module identification ({@link S7Probe}, frames in {@link S7Frames}).
 */
package io.vigil.adapters.scan.s7;
