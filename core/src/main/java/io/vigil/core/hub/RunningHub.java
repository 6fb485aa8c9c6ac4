package io.vigil.core.hub;

import java.net.URI;

/** A hub started in this process (by {@code vigil demo} and tests); closing it stops every listener and the DB. */
public interface RunningHub extends AutoCloseable {

    /** Base URL of REST, WebSocket and twin, e.g. {@code http://127.0.0.1:8080/}. */
    URI httpUri();

    /** Where agents publish: {@code tcp://127.0.0.1:1883}. */
    URI mqttUri();

    /** Counts committed to the database, read from the database. */
    HubTotals totals();

    /** Stops the hub; never throws. */
    @Override
    void close();
}
