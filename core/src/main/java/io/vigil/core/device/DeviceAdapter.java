package io.vigil.core.device;

import io.vigil.core.sample.Sample;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A connection to one device, speaking one protocol. Implementations live in {@code protocol-adapters}, one package per
 * protocol, and are found through {@link DeviceAdapterProvider}; {@link AbstractDeviceAdapter} holds what they share
 * (worker thread, health, close).
 *
 * <p>Failures of a single tag are data: the tag comes back as a {@code BAD} sample. A failed operation (connection
 * lost, timeout) completes the stage exceptionally with one {@link DeviceException}. Calls never block the caller.
 */
public interface DeviceAdapter extends AutoCloseable {

    DeviceSpec spec();

    /** Opens the connection. Completes when the device answered; the caller retries with backoff on failure. */
    CompletionStage<Void> connect();

    /** Reads every tag of the spec once; the samples come back in the spec's tag order. */
    CompletionStage<List<Sample>> read();

    /** Whether the device pushes changes itself ({@link #subscribe}) rather than being polled with {@link #read}. */
    boolean supportsSubscription();

    /**
     * Subscribes to every tag of the spec at the spec's interval; each notification delivers the samples that changed.
     * Only for adapters that {@link #supportsSubscription()}.
     */
    CompletionStage<Void> subscribe(Consumer<List<Sample>> sink);

    DeviceHealth health();

    /** Closes the connection; never throws. */
    @Override
    void close();
}
