package dev.community.server.ws;

import dev.community.config.ServerConfig;
import java.util.Locale;

/**
 * Which browser origins may open a WebSocket: those in {@code server.allowed_origins}, and the server's own —
 * an {@code Origin} whose host and port equal the request's {@code Host}, which is the case for the Lounge served
 * at {@code /lounge/} by this same server. A page elsewhere cannot forge either header (browsers set both), so
 * cross-site pages stay refused; and access still needs a connection token, which only a bearer of an access
 * JWT can get. A missing Origin is a non-browser client, refused only under {@code server.require_origin}.
 */
public final class OriginPolicy {
    private OriginPolicy() {
    }

    public static boolean allows(ServerConfig config, String origin, String host) {
        if (origin == null) {
            return !config.requireOrigin();
        }
        return config.allowedOrigins().contains(origin) || sameOrigin(origin, host);
    }

    /** The Origin's authority (after {@code scheme://}) equals the Host header, ignoring case. */
    static boolean sameOrigin(String origin, String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        int schemeEnd = origin.indexOf("://");
        if (schemeEnd < 0) {
            return false;
        }
        String scheme = origin.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return false;
        }
        String authority = origin.substring(schemeEnd + 3);
        if (authority.isEmpty() || authority.contains("/") || authority.contains("@")) {
            return false;
        }
        return authority.equalsIgnoreCase(host.strip());
    }
}
