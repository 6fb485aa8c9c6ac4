package io.vigil.hub.store.write;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which agents and assets the writers last marked online in the database, shared by every {@link ChangeWriter} so that
 * steady-state data skips the status upserts, and so that a death written by one writer makes the next data seen by
 * any writer mark the agent or asset online again.
 */
public final class Presence {
    private final Map<String, Boolean> agents = new ConcurrentHashMap<>();
    private final Map<String, Boolean> assets = new ConcurrentHashMap<>();

    boolean agentOnline(String agent) {
        return Boolean.TRUE.equals(agents.get(agent));
    }

    boolean assetOnline(String asset) {
        return Boolean.TRUE.equals(assets.get(asset));
    }

    void agent(String agent, boolean online) {
        agents.put(agent, online);
    }

    void asset(String asset, boolean online) {
        assets.put(asset, online);
    }

    /** Forgets everything (after a rollback: the cached states may describe rows that were never committed). */
    void clear() {
        agents.clear();
        assets.clear();
    }
}
