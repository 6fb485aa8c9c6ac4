package io.vigil.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * Every refusal the hub's HTTP API gives, with the stable code a client can act on and its HTTP status. The codes are
 * part of the API: the OpenAPI document lists them ({@code OpenApiDocument}), so rename one only with a new API
 * version. A failure Vert.x itself answers (a body too large, say) carries {@code http.STATUS} instead
 * ({@code ApiException.ofStatus}).
 */
public enum ApiError {
    PARAM_INVALID(
            "param.invalid",
            400,
            "A query parameter, path segment or body field is missing or malformed; the"
                    + " message names it and the value."),
    ROUTE_NOT_FOUND("route.notfound", 404, "No API route has this method and path."),
    SERIES_NOT_FOUND("series.notfound", 404, "No stored series has this asset and tag."),
    SERIES_TEXT_AGGREGATE("series.textagg", 400, "The aggregate asked for applies to numbers, not to a text series."),
    AGENT_NOT_CONNECTED("agent.notconnected", 404, "The agent is not connected to this hub now."),
    MODEL_NOT_FOUND("model.notfound", 404, "No registered model or version has this id."),
    MODEL_VERSION_EXISTS("model.version.exists", 409, "This model version is already registered with another package."),
    MODEL_PACKAGE_INVALID("model.package.invalid", 400, "The upload is not a model package zip."),
    MODEL_PACKAGE_MISSING("model.package.missing", 410, "The registered package's file is gone from the hub."),
    MODEL_MANIFEST_INVALID("model.manifest.invalid", 422, "The package's manifest.json is invalid."),
    MODEL_SHA256_MISMATCH("model.sha256.mismatch", 422, "model.onnx does not have the sha256 its manifest names."),
    MODEL_GRAPH_MISMATCH("model.graph.mismatch", 422, "model.onnx's inputs or outputs differ from its manifest."),
    LABEL_NOT_FOUND("label.notfound", 404, "No label has this id."),
    LABEL_EVENT_NOT_FOUND("label.event.notfound", 404, "The event a label names is not stored at this hub."),
    AUTH_REQUIRED("auth.required", 401, "The route needs a login: a session token or an agent certificate."),
    AUTH_FAILED("auth.failed", 401, "Wrong user or password."),
    AUTH_THROTTLED("auth.throttled", 429, "Too many wrong passwords for this user; retry after Retry-After seconds."),
    AUTH_FORBIDDEN("auth.forbidden", 403, "The user's role does not grant this route."),
    AUTH_CERTIFICATE_REFUSED(
            "auth.certificate.refused",
            401,
            "The client certificate is not one the hub's CA issued" + " and has not revoked."),
    AUTH_AGENT_OTHER("auth.agent.other", 403, "An agent certificate speaks only for its own agent id."),
    AUTH_AGENT_FORBIDDEN(
            "auth.agent.forbidden",
            403,
            "Agent certificates may only read their assignments and" + " packages and post their reports."),
    AUTH_UNCLASSIFIED(
            "auth.unclassified",
            403,
            "The route is open to no role (a hub defect: every route must be" + " classified)."),
    AUTH_ORIGIN_REFUSED(
            "auth.origin.refused",
            403,
            "A browser page from another origin may not open the live feed (cross-site WebSocket hijacking)."),
    MODEL_PACKAGE_TOO_LARGE(
            "model.package.toolarge",
            413,
            "An entry of the package is larger than the hub allows (manifest.json, model.onnx or the upload)."),
    MODEL_GRAPH_REFUSED(
            "model.graph.refused",
            422,
            "model.onnx uses an operator Vigil models do not need, or its check ran past its time or memory bound."),
    USER_NOT_FOUND("user.notfound", 404, "No user has this name."),
    USER_LAST_ADMIN("user.lastadmin", 409, "The change would leave no admin."),
    EXPORT_BUSY("export.busy", 429, "Too many CSV exports stream now, from this user or in all; retry when one ends."),
    FL_ROUND_NOT_FOUND("fl.round.notfound", 404, "No federated round has this id (rounds live in the hub's memory)."),
    FL_ROUND_OPEN(
            "fl.round.open", 409, "A federated round of this model is still open; stop it or wait for it to close."),
    FL_NOT_ENOUGH_AGENTS(
            "fl.agents.insufficient",
            409,
            "Fewer agents are ready for a round (key registered, polled recently) than the plan's quorum."),
    FL_MODEL_UNSUPPORTED(
            "fl.model.unsupported", 422, "The version's graph has no float32 dense network a round can train."),
    FL_KEY_CONFLICT("fl.key.conflict", 409, "The agent registered another update-signing key with this hub before."),
    FL_NO_INVITATION("fl.invitation.none", 404, "The agent has no open invitation to a round."),
    FL_UPDATE_LATE("fl.update.late", 409, "No round of the update's model is open."),
    FL_UPDATE_REPLAY("fl.update.replay", 409, "The update names another round than the open one."),
    FL_UPDATE_NOT_SELECTED("fl.update.not_selected", 409, "The agent is not a participant of the open round."),
    FL_UPDATE_DUPLICATE("fl.update.duplicate", 409, "The agent already answered this round."),
    FL_UPDATE_SIGNATURE("fl.update.signature", 422, "The signature does not verify with the key the agent registered."),
    FL_UPDATE_STALE_BASE("fl.update.stale_base", 409, "The update starts from another global version."),
    FL_UPDATE_MALFORMED("fl.update.malformed", 422, "The update's payload does not decode."),
    FL_UPDATE_DIMENSION("fl.update.dimension", 422, "The delta has another length than the model's weights."),
    FL_UPDATE_NON_FINITE("fl.update.non_finite", 422, "The delta holds NaN or infinite values."),
    FL_UPDATE_NORM_OUTLIER(
            "fl.update.norm_outlier", 422, "The delta is far longer than the round's median (outlier test)."),
    DB_UNAVAILABLE("db.unavailable", 503, "The database did not answer; retry later."),
    INTERNAL("internal", 500, "An unexpected failure; the hub's log has its stack trace.");

    private final String code;
    private final int status;
    private final String description;

    ApiError(String code, int status, String description) {
        this.code = code;
        this.status = status;
        this.description = description;
    }

    public String code() {
        return code;
    }

    public int status() {
        return status;
    }

    public String description() {
        return description;
    }

    /** A refusal with this code and status; {@code message} says what was wrong with this request. */
    public ApiException exception(String message) {
        return new ApiException(this, message);
    }

    /** Every code as {@code {code, status, description}}, in declaration order, for the OpenAPI document. */
    static JsonArray catalogue() {
        var list = new JsonArray();
        for (ApiError e : values()) {
            list.add(
                    new JsonObject().put("code", e.code).put("status", e.status).put("description", e.description));
        }
        return list;
    }
}
