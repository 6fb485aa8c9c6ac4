package io.vigil.hub.api;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vigil.core.sample.ValueType;
import io.vigil.hub.store.AssetRow;
import io.vigil.hub.store.EventView;
import io.vigil.hub.store.query.AgentView;
import io.vigil.hub.store.query.AssetView;
import io.vigil.hub.store.query.Point;
import io.vigil.hub.store.query.ScoreView;
import io.vigil.hub.store.query.TagView;
import io.vigil.hub.store.query.TextPoint;
import java.time.Instant;

/** The JSON shapes of the API, shared by REST and the live feed so both show the same objects. */
public final class JsonViews {
    private JsonViews() {}

    public static JsonObject asset(AssetView a) {
        var tags = new JsonArray();
        a.tags().forEach(t -> tags.add(tag(t)));
        var scores = new JsonArray();
        a.scores().forEach(s -> scores.add(score(s)));
        AssetRow r = a.row();
        return new JsonObject()
                .put("id", r.id())
                .put("agent", r.agent())
                .put("protocol", r.protocol())
                .put("device", r.device())
                .put("status", r.status())
                .put("tags", tags)
                .put("scores", scores);
    }

    /** A tag and its latest value; a text tag ({@code dataType} {@code string}) carries {@code text} as well. */
    public static JsonObject tag(TagView t) {
        var json = new JsonObject()
                .put("id", t.id())
                .put("unit", t.unit())
                .put("dataType", t.type().key())
                .put("value", t.value())
                .put("time", iso(t.time()))
                .put("quality", t.quality() == null ? null : t.quality().name());
        return t.type() == ValueType.STRING ? json.put("text", t.text()) : json;
    }

    /** A bucket of a text series: its start, its last text and the count of samples with one. */
    public static JsonObject textPoint(TextPoint p) {
        return new JsonObject().put("t", iso(p.t())).put("text", p.last()).put("n", p.n());
    }

    public static JsonObject score(ScoreView s) {
        return new JsonObject().put("model", s.model()).put("value", s.value()).put("time", iso(s.time()));
    }

    public static JsonObject event(EventView e) {
        return new JsonObject()
                .put("id", e.id())
                .put("type", e.type())
                .put("asset", e.asset())
                .put("time", iso(e.time()))
                .put("model", e.model())
                .put("score", e.score())
                .put("threshold", e.threshold())
                .put("detail", e.detail() == null ? null : new JsonObject(e.detail()));
    }

    public static JsonObject point(Point p) {
        return new JsonObject()
                .put("t", iso(p.t()))
                .put("avg", p.avg())
                .put("min", p.min())
                .put("max", p.max())
                .put("last", p.last())
                .put("n", p.n());
    }

    public static JsonObject agent(AgentView a) {
        var assets = new JsonArray();
        a.assets().forEach(r -> assets.add(new JsonObject().put("id", r.id()).put("status", r.status())));
        return new JsonObject().put("id", a.id()).put("status", a.status()).put("assets", assets);
    }

    public static String iso(Instant t) {
        return t == null ? null : t.toString();
    }
}
