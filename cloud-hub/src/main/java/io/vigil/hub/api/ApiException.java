package io.vigil.hub.api;

import io.vertx.core.json.JsonObject;

/** An expected API failure with a stable code (e.g. {@code series.notfound}); rendered without a stack trace. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String code;

    public ApiException(int status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    /** 400 for a bad query parameter; the message must name the parameter. */
    public static ApiException badParam(String message) {
        return new ApiException(400, "param.invalid", message);
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
