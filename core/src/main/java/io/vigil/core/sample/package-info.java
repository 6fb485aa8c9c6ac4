/**
 * The unit of data: a {@link Sample} is one reading of one tag, a number or a text ({@link ValueType}), with its
 * {@link Quality} (a bad read is data, not an exception). {@link Tags} holds the naming rules for ids that end up
 * in topics, SQL and URLs.
 */
package io.vigil.core.sample;
