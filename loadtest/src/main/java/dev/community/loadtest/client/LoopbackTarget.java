package dev.community.loadtest.client;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * The server under test: an {@code http://}, {@code https://}, {@code ws://} or {@code wss://} URL whose host is a
 * loopback address. Load is only ever aimed at this machine — any other host (private ranges included) is refused
 * before a socket opens.
 *
 * @param host the host as given (a loopback literal or {@code localhost})
 * @param port the port, 80 (443 with TLS) when absent
 * @param tls  whether the server speaks TLS (https:// or wss://)
 */
public record LoopbackTarget(String host, int port, boolean tls) {

    /**
     * @throws IllegalArgumentException for a malformed URL, another scheme, or a host outside 127.0.0.0/8,
     *                                  {@code localhost} and {@code ::1}
     */
    public static LoopbackTarget parse(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("--url is not a URL: " + url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "ws", "wss").contains(scheme)) {
            throw new IllegalArgumentException("--url must be http://, https://, ws:// or wss://: " + url);
        }
        boolean tls = scheme.equals("https") || scheme.equals("wss");
        String host = uri.getHost();
        if (host == null || !isLoopback(host)) {
            throw new IllegalArgumentException("--url must name a loopback host (127.0.0.0/8, localhost or ::1): " + url);
        }
        int port = uri.getPort() < 0 ? (tls ? 443 : 80) : uri.getPort();
        return new LoopbackTarget(host, port, tls);
    }

    /**
     * True for {@code localhost}, an IPv4 literal in 127.0.0.0/8, or the IPv6 literal {@code ::1}. Only literals
     * are resolved, so no name lookup can turn an innocent-looking host into a remote address.
     */
    public static boolean isLoopback(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) {
            h = h.substring(1, h.length() - 1);
        }
        if (h.equals("localhost")) {
            return true;
        }
        if (h.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
            for (String part : h.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return false;
                }
            }
            return h.startsWith("127.");
        }
        if (h.contains(":") && h.matches("[0-9a-f:]+")) {
            try {
                return InetAddress.getByName(h).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** The address to connect to (for {@code localhost}: 127.0.0.1, never a name lookup). */
    public InetAddress address() {
        try {
            String h = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(h.equalsIgnoreCase("localhost") ? "127.0.0.1" : h);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("not an address: " + host, e);
        }
    }

    /** The WebSocket URL scheme to this server. */
    public String webSocketScheme() {
        return tls ? "wss" : "ws";
    }

    /** The Host header / authority, with brackets for IPv6. */
    public String authority() {
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        return h + ":" + port;
    }
}
