package io.vigil.hub.ingest;

import io.vigil.hub.store.write.Change;
import java.util.function.Consumer;

/**
 * One received message on its way to the database.
 *
 * @param change what to write; null for a message that only needs its acknowledgement sent in order (rejected or
 *     ignored)
 * @param onCommitted run on the writer thread after the commit (it hops to the endpoint's context itself)
 * @param onFailed run on the writer thread when the batch could not be committed
 */
record Work(Change change, Runnable onCommitted, Consumer<Throwable> onFailed) {
    int rows() {
        return change == null ? 0 : change.rows();
    }
}
