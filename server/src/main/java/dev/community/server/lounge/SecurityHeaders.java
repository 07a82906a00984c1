package dev.community.server.lounge;

import io.netty.handler.codec.http.HttpHeaderNames;
import dev.community.server.http.HttpResponses;
import io.netty.handler.codec.http.HttpHeaders;
import java.util.regex.Pattern;

/**
 * The headers every {@code /lounge/} answer carries. The page holds an access token and moderator buttons, so it
 * runs only its own scripts and styles, talks only to its own origin (HTTP and WebSocket), may not be framed
 * (clickjacking), and sends no Referer (the token may travel in the URL fragment of the page that opened it).
 */
final class SecurityHeaders {
    /** A Host header worth echoing into the policy: a name or address and an optional port, nothing else. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.\\-]{1,253}(:[0-9]{1,5})?|\\[[0-9A-Fa-f:.]{2,45}](:[0-9]{1,5})?");

    private SecurityHeaders() {
    }

    /**
     * The page's Content-Security-Policy. Images may also come from https (attachment previews); {@code connect-src}
     * names the page's own host for ws:/wss: explicitly, since browsers before CSP 3 do not let 'self' cover them.
     *
     * @param host the request's Host header (null or unusable: 'self' only)
     */
    static String policy(String host) {
        String sockets = host != null && HOST.matcher(host).matches() ? " ws://" + host + " wss://" + host : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https:;"
                + " font-src 'self'; manifest-src 'self'; connect-src 'self'" + sockets + ";"
                + " frame-ancestors 'none'; object-src 'none'; base-uri 'self'; form-action 'self'";
    }

    /** The "not built yet" page has one inline style block and no script. */
    static String notBuiltPolicy() {
        return "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'";
    }

    static void apply(HttpHeaders headers, String policy) {
        headers.set(HttpHeaderNames.CONTENT_SECURITY_POLICY, policy);
        headers.set(HttpHeaderNames.X_FRAME_OPTIONS, "DENY");
        headers.set("Referrer-Policy", "no-referrer");
        headers.set(HttpResponses.NOSNIFF_HEADER, HttpResponses.NOSNIFF);
    }
}
