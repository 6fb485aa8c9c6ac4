package io.vigil.hub.store.query;

import io.vigil.hub.store.AssetRow;
import java.util.List;

/** An edge agent and the assets it reports. */
public record AgentView(String id, String status, List<AssetRow> assets) {
    public AgentView {
        assets = List.copyOf(assets);
    }
}
