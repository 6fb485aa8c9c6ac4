/** Aggregation rules: FedAvg, coordinate-wise median, trimmed mean, Krum. */
package io.vigil.model.federated.aggregate;
