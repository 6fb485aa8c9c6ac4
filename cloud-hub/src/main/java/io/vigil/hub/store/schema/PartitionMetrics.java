package io.vigil.hub.store.schema;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Instant;
import java.util.Optional;

/**
 * Gauges of the time partitions as the {@link PartitionKeeper}'s last pass left them, per table: how many partitions
 * hold a range ({@code vigil_store_partitions}) and the start of the oldest one, the oldest data still retained
 * ({@code vigil_store_oldest_partition_start_seconds}, Unix seconds). NaN until the first pass.
 */
public final class PartitionMetrics {
    private PartitionMetrics() {}

    public static void register(MeterRegistry registry, PartitionKeeper keeper) {
        for (String table : TimeSeriesLayout.TIME_TABLES) {
            Gauge.builder("vigil.store.partitions", () -> state(keeper, table)
                            .map(s -> (double) s.partitions())
                            .orElse(Double.NaN))
                    .description("partitions of a time table that hold a range of days (the default one not counted)")
                    .tag("table", table)
                    .register(registry);
            Gauge.builder("vigil.store.oldest.partition.start", () -> state(keeper, table)
                            .flatMap(PartitionKeeper.TableState::oldest)
                            .map(Instant::getEpochSecond)
                            .map(Long::doubleValue)
                            .orElse(Double.NaN))
                    .description("start of the oldest partition of a time table: the oldest data retained")
                    .baseUnit("seconds")
                    .tag("table", table)
                    .register(registry);
        }
    }

    private static Optional<PartitionKeeper.TableState> state(PartitionKeeper keeper, String table) {
        return keeper.state().stream().filter(s -> s.table().equals(table)).findFirst();
    }
}
