package io.vigil.core.wire;

/**
 * A DATA metric that carries only an alias the receiver has no BIRTH for: the receiver's view of the node is stale and
 * it should ask for a rebirth (Sparkplug B 3.0, "Aliases").
 */
public final class UnknownAliasException extends MalformedPayloadException {
    private final long alias;

    public UnknownAliasException(long alias) {
        super("metric alias " + alias + " was not defined by a BIRTH");
        this.alias = alias;
    }

    public long alias() {
        return alias;
    }
}
