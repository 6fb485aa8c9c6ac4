package io.vigil.hub.api;

import io.vertx.core.json.JsonObject;

/**
 * An expected API failure with a stable code from {@link ApiError} (e.g. {@code series.notfound}); rendered without a
 * stack trace.
 */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    ApiException(ApiError error, String message) {
        this(error.status(), error.code(), message);
    }

    private ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** 400 for a bad query parameter; the message must name the parameter. */
    public static ApiException badParam(String message) {
        return ApiError.PARAM_INVALID.exception(message);
    }

    /** A failure Vert.x answered with {@code status} before any handler of ours: code {@code http.STATUS}. */
    static ApiException ofStatus(int status, String message) {
        return new ApiException(status, "http." + status, message);
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public JsonObject toJson() {
        return new JsonObject().put("code", code).put("status", status).put("message", getMessage());
    }
}
