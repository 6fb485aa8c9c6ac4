package io.vigil.model.federated.sim;

/** What a misbehaving agent does to its answer, for the fault experiments and tests. */
public enum Fault {
    /** Sends its honest delta scaled by 100 (a model-poisoning attempt), signed with its own key. */
    SCALED_100,
    /** Sends Gaussian noise of ten times its honest delta's norm instead of the delta. */
    RANDOM,
    /** Sends a delta holding NaN and infinity. */
    NAN,
    /** Sends a delta one value short. */
    WRONG_DIMENSION,
    /** Sends again its update of the previous round instead of a new one. */
    REPLAY,
    /** Its update is signed with another agent's key. */
    WRONG_SIGNER,
    /** Dies after receiving the round: never answers. */
    DIES
}
