package io.vigil.hub.store;

/** An asset's descriptive row: who reports it, over which protocol, and whether it is online. */
public record AssetRow(String id, String agent, String protocol, String device, String status) {
    public static final String ONLINE = "online";
    public static final String OFFLINE = "offline";

    public boolean online() {
        return ONLINE.equals(status);
    }
}
