/**
 * Plant data from files: {@link io.vigil.model.data.CsvSeries} reads a CSV of one time column and one column per tag,
 * the input of {@code vigil model train}, {@code score} and {@code package}.
 */
package io.vigil.model.data;
