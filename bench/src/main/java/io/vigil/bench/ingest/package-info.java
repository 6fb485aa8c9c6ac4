/**
 * {@code vigil bench ingest}: a hub in this process, raw binary COPY into its database as the reference ({@link
 * CopyProbe}), then simulated agents ({@link LoadAgent}) publishing Sparkplug B at QoS 1; {@link IngestBench}
 * counts from the database what was committed, lost and duplicated, {@link CpuMeter} where the CPU went.
 */
package io.vigil.bench.ingest;
