package io.vigil.model.federated;

/** Why an update was not aggregated: a stable code for events and the API, and what it means. */
public enum Rejection {
    NOT_SELECTED("fl.update.not_selected", "the agent is not a participant of this round"),
    REPLAY("fl.update.replay", "the update names a round other than the open one"),
    DUPLICATE("fl.update.duplicate", "the agent already answered this round"),
    STALE_BASE("fl.update.stale_base", "the delta starts from another global version"),
    SIGNATURE("fl.update.signature", "the signature does not verify with the agent's enrolled key"),
    MALFORMED("fl.update.malformed", "the payload cannot be decoded"),
    DIMENSION("fl.update.dimension", "the delta has another length than the model"),
    NON_FINITE("fl.update.non_finite", "the delta holds NaN or infinite values"),
    NORM_OUTLIER("fl.update.norm_outlier", "the delta's norm is far above the round's median"),
    LATE("fl.update.late", "the round was already closed");

    private final String code;
    private final String meaning;

    Rejection(String code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    public String code() {
        return code;
    }

    public String meaning() {
        return meaning;
    }
}
