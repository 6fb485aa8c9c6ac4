package io.vigil.hub.store;

/** A stored series: its id in {@code samples} and its unit. */
public record SeriesRef(int id, String unit) {}
