package io.vigil.hub.live;

import java.net.URI;
import java.util.Locale;

/**
 * Whether a WebSocket upgrade comes from a page of the hub's own origin. Browsers attach the session cookie to a
 * WebSocket handshake from any site and the same-origin policy does not apply to WebSockets, so without this check a
 * page elsewhere could read the live feed with a logged-in user's cookie (cross-site WebSocket hijacking). Browsers
 * always send {@code Origin} on a WebSocket handshake; a client without one (a script, the agent) is not a browser
 * and carries its credentials itself, so it passes.
 */
final class SameOrigin {
    private SameOrigin() {}

    /**
     * @param origin the request's {@code Origin} header, null when absent
     * @param host the request's {@code Host} header (host[:port])
     * @param ssl whether the request came over TLS (the default port of {@code host})
     */
    static boolean allows(String origin, String host, boolean ssl) {
        if (origin == null) {
            return true;
        }
        if (host == null || origin.equals("null")) {
            return false;
        }
        try {
            URI o = new URI(origin);
            URI h = new URI((ssl ? "https" : "http") + "://" + host);
            if (o.getHost() == null || h.getHost() == null || o.getScheme() == null) {
                return false;
            }
            return o.getHost().toLowerCase(Locale.ROOT).equals(h.getHost().toLowerCase(Locale.ROOT))
                    && port(o) == port(h);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI u) {
        if (u.getPort() >= 0) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) || "wss".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }
}
