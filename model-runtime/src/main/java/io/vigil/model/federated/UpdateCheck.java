package io.vigil.model.federated;

import io.vigil.model.federated.compress.DeltaCodec;
import java.security.PublicKey;
import java.util.Map;

/**
 * The checks every update passes before it can count, whatever the round mode: an enrolled signer, a decodable
 * payload of the model's dimension, finite values. Signature first, so an unauthenticated sender costs one
 * verification and is never decoded.
 */
final class UpdateCheck {
    private final Map<String, PublicKey> enrolled;
    private final int dimension;

    UpdateCheck(Map<String, PublicKey> enrolled, int dimension) {
        this.enrolled = Map.copyOf(enrolled);
        this.dimension = dimension;
    }

    /** Refuses an update not signed by the enrolled key of the agent it names. */
    void verify(ModelUpdate u) {
        PublicKey key = enrolled.get(u.agentId());
        if (key == null) {
            throw new Refused(Rejection.SIGNATURE, "agent " + u.agentId() + " has no enrolled key");
        }
        if (!AgentIdentity.verifies(key, u.signedBytes(), u.signature())) {
            throw new Refused(
                    Rejection.SIGNATURE, "signature does not verify with the key enrolled for " + u.agentId());
        }
    }

    /** The decoded delta of a verified update, or a rejection. */
    float[] delta(ModelUpdate u) {
        byte[] payload = u.payload();
        float[] delta;
        try {
            int claimed = DeltaCodec.dimension(payload);
            if (claimed != dimension) {
                throw new Refused(Rejection.DIMENSION, "delta has " + claimed + " values, the model " + dimension);
            }
            delta = DeltaCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            throw new Refused(Rejection.MALFORMED, e.getMessage());
        }
        for (int i = 0; i < delta.length; i++) {
            if (!Float.isFinite(delta[i])) {
                throw new Refused(Rejection.NON_FINITE, "value " + i + " is " + delta[i]);
            }
        }
        return delta;
    }

    /** An expected refusal: no stack trace. */
    static final class Refused extends RuntimeException {
        final Rejection reason;

        Refused(Rejection reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }
}
