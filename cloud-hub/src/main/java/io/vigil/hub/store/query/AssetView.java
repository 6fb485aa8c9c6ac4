package io.vigil.hub.store.query;

import io.vigil.hub.store.AssetRow;
import java.util.List;

/** An asset with its latest tag values and scores, as the REST API and the live feed show it. */
public record AssetView(AssetRow row, List<TagView> tags, List<ScoreView> scores) {
    public AssetView {
        tags = List.copyOf(tags);
        scores = List.copyOf(scores);
    }
}
