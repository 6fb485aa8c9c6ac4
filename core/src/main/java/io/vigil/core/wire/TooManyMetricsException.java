package io.vigil.core.wire;

/**
 * A payload carrying more metrics than the decoder was allowed to take. Thrown before any metric is converted, so an
 * oversized message costs one protobuf parse and nothing per metric (no log line, no object per metric).
 */
public final class TooManyMetricsException extends MalformedPayloadException {
    private final int count;
    private final int limit;

    public TooManyMetricsException(int count, int limit) {
        super("payload carries " + count + " metrics; the limit is " + limit);
        this.count = count;
        this.limit = limit;
    }

    public int count() {
        return count;
    }

    public int limit() {
        return limit;
    }
}
