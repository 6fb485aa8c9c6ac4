package io.vigil.hub.api;

import io.vigil.hub.ingest.WriteFailure;
import io.vigil.hub.store.DiskSpace;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * What {@code /api/v1/health} reads besides a database ping, so it can say what is wrong: a ping answers while every
 * commit fails on a full disk, and an asset's last committed status says online while its agent is gone.
 *
 * @param mqttClients connected MQTT clients
 * @param writeFailure the failure of the commits, while they fail
 * @param agentConnected whether an agent has a connection now
 * @param disk the free space under the data directory, read now
 */
public record HealthSignals(
        IntSupplier mqttClients,
        Supplier<Optional<WriteFailure>> writeFailure,
        Predicate<String> agentConnected,
        Supplier<Optional<DiskSpace.Reading>> disk) {
    /** Only a client count: commits never failing, every agent as its status says, no disk to watch. */
    public static HealthSignals clientsOnly(IntSupplier mqttClients) {
        return new HealthSignals(mqttClients, Optional::empty, agent -> true, Optional::empty);
    }
}
