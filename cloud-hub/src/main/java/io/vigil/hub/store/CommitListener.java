package io.vigil.hub.store;

/** Told, on the writer thread, after each commit; must be quick and must not block. */
@FunctionalInterface
public interface CommitListener {
    void committed(Committed committed);
}
