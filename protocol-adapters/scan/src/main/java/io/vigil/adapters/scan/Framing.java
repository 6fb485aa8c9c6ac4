package io.vigil.adapters.scan;

/**
 * How a protocol frames its replies on a TCP stream: a fixed header that holds the total length. The length function
 * validates the header and throws {@link MalformedReplyException} for anything that is not this protocol, or that
 * claims more than the probe will ever accept.
 */
public interface Framing {
    int headerLength();

    /** Total frame length (header included) announced by {@code header}. */
    int totalLength(byte[] header);
}
