package io.vigil.hub.cluster;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/** A WebSocket client of a hub's live feed that keeps the sample times and cluster events it was sent. */
final class LiveClient implements WebSocket.Listener, AutoCloseable {
    private final Set<String> sampleTimes = ConcurrentHashMap.newKeySet();
    private final List<JsonObject> clusterEvents = new CopyOnWriteArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    static LiveClient connect(URI uri) throws Exception {
        var client = new LiveClient();
        client.socket = HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .buildAsync(uri, client)
                .get(10, TimeUnit.SECONDS);
        return client;
    }

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            var message = new JsonObject(partial.toString());
            partial.setLength(0);
            switch (message.getString("type")) {
                case "samples" ->
                    message.getJsonArray("samples").forEach(s -> sampleTimes.add(((JsonObject) s).getString("t")));
                case "cluster" -> clusterEvents.add(message);
                default -> {}
            }
        }
        ws.request(1);
        return null;
    }

    /** Distinct sample timestamps received (every tag of one message shares one). */
    Set<String> sampleTimes() {
        return sampleTimes;
    }

    List<String> clusterEvents() {
        return clusterEvents.stream().map(e -> e.getString("event")).toList();
    }

    @Override
    public void close() {
        socket.abort();
    }
}
