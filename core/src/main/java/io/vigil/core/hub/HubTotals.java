package io.vigil.core.hub;

/**
 * What the hub has committed to its database since its tables were created.
 *
 * @param samples sample rows
 * @param windows scored windows (score rows)
 * @param anomalies anomaly events
 */
public record HubTotals(long samples, long windows, long anomalies) {}
