package dev.community.server.http;

import dev.community.config.AddressBlock;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The client address of a request: the TCP peer, unless the peer is one of {@code server.trusted_proxies}, in which
 * case the forwarding headers it added are read from the right (nearest hop) leftwards and the first address that
 * is not itself a trusted proxy is the client. {@code Forwarded} (RFC 7239, its {@code for=} parameters) is used
 * when present, else {@code X-Forwarded-For}. A header from an untrusted peer is ignored whole — anyone can write
 * one — and an unreadable entry ({@code unknown}, an obfuscated name, garbage) stops the walk at the trusted hop
 * that passed it on, so a forged value can never be chosen over an address a trusted proxy vouched for.
 *
 * <p>Used for everything that is about the client rather than the socket: budgets, the development sign-in's
 * loopback check, log lines. {@link ClientAddressHandler} stores it on the channel for each request
 * ({@link #of(Channel)} reads it back).
 */
public final class ClientAddress {
    static final AttributeKey<InetAddress> ATTRIBUTE = AttributeKey.valueOf("community.client-address");
    private static final String FORWARDED = "Forwarded";
    private static final String X_FORWARDED_FOR = "X-Forwarded-For";

    private final List<AddressBlock> trustedProxies;

    public ClientAddress(List<AddressBlock> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * The client address of the connection's latest request, or its TCP peer before any request arrived; the
     * loopback address for a channel without one (an in-memory test channel).
     */
    public static InetAddress of(Channel channel) {
        InetAddress recorded = channel.attr(ATTRIBUTE).get();
        if (recorded != null) {
            return recorded;
        }
        SocketAddress remote = channel.remoteAddress();
        if (remote instanceof InetSocketAddress inet && inet.getAddress() != null) {
            return inet.getAddress();
        }
        return InetAddress.getLoopbackAddress();
    }

    /** True for 127.0.0.0/8 and ::1 (and IPv4-mapped loopback): the request comes from this machine. */
    public static boolean isLoopback(Channel channel) {
        return of(channel).isLoopbackAddress();
    }

    /** The client behind {@code peer}, given the request's headers. */
    public InetAddress resolve(InetAddress peer, HttpHeaders headers) {
        if (!trusted(peer)) {
            return peer;
        }
        List<String> hops = headers.contains(FORWARDED) ? forwardedFor(headers) : xForwardedFor(headers);
        InetAddress client = peer;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = parseHop(hops.get(i));
            if (hop.isEmpty()) {
                return client;
            }
            client = hop.get();
            if (!trusted(client)) {
                return client;
            }
        }
        return client;
    }

    boolean trusted(InetAddress address) {
        for (AddressBlock block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    /** Every {@code for=} value of every Forwarded header, in order (the nearest hop last). */
    private static List<String> forwardedFor(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers.getAll(FORWARDED)) {
            for (String element : header.split(",")) {
                String node = null;
                for (String pair : element.split(";")) {
                    int eq = pair.indexOf('=');
                    if (eq > 0 && pair.substring(0, eq).strip().toLowerCase(Locale.ROOT).equals("for")) {
                        node = pair.substring(eq + 1).strip();
                    }
                }
                // An element without for= is a hop that did not say: as unreadable as "unknown".
                hops.add(node == null ? "" : node);
            }
        }
        return hops;
    }

    private static List<String> xForwardedFor(HttpHeaders headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers.getAll(X_FORWARDED_FOR)) {
            for (String hop : header.split(",")) {
                hops.add(hop.strip());
            }
        }
        return hops;
    }

    /** An IP literal, maybe quoted, bracketed, with a port ({@code "[2001:db8::1]:4711"}, {@code 192.0.2.1:80}). */
    static Optional<InetAddress> parseHop(String value) {
        String v = value.strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
            v = v.substring(1, v.length() - 1);
        }
        if (v.startsWith("[")) {
            int close = v.indexOf(']');
            if (close < 0) {
                return Optional.empty();
            }
            v = v.substring(1, close);
        } else if (v.indexOf(':') > 0 && v.indexOf(':') == v.lastIndexOf(':')) {
            v = v.substring(0, v.indexOf(':')); // IPv4 with a port
        }
        return AddressBlock.literal(v);
    }
}
