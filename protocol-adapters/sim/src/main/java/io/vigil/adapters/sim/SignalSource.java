package io.vigil.adapters.sim;

import java.time.Duration;
import java.util.List;

/** Where one pump's values come from: the synthetic {@link PumpModel} or a {@link CsvReplay}. */
interface SignalSource {

    /** The reading at a plant time; called with non-decreasing times from the one tick thread. */
    PumpReading sample(Duration plantTime);

    /** The faults this source shows that start before {@code horizon} (plant time). */
    List<PlantInterval> faults(Duration horizon);
}
