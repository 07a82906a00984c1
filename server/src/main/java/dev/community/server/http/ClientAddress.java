package dev.community.server.http;

import io.netty.channel.Channel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/** The address a request came from, as budgets and the development sign-in see it. */
public final class ClientAddress {
    private ClientAddress() {
    }

    /** The peer's IP address; the loopback address for a channel without one (an in-memory test channel). */
    public static InetAddress of(Channel channel) {
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
}
