package dev.community.loadtest.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketClientExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateClientExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;

/**
 * A client connection's pipeline: TLS for an https:// target, HTTP for the connection token and the upgrade (the handshaker swaps the codec
 * and the aggregator for WebSocket frame codecs), frame reassembly, then the client's handler.
 */
final class ClientInitializer extends ChannelInitializer<SocketChannel> {
    /** Token and upgrade responses are small; an error body is at most a few hundred bytes. */
    private static final int MAX_HTTP_BODY = 64 * 1024;
    /** A resume's room_state carries up to 500 messages of up to 4000 code points each. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

    private final SimClient client;

    ClientInitializer(SimClient client) {
        this.client = client;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ClientSettings settings = client.settings();
        if (settings.tls() != null) {
            // SNI and host-name verification against the target's host (a loopback address: its certificate must name it).
            ch.pipeline().addLast("tls", settings.tls().newHandler(ch.alloc(), client.target().host(),
                    client.target().port()));
        }
        ch.pipeline()
                .addLast("http-codec", new HttpClientCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_BODY));
        if (settings.compression()) {
            // Offers permessage-deflate on the upgrade and, when the server accepts, inflates before the aggregator.
            // It accepts client_no_context_takeover in the answer, which the server always asks for (RFC 7692 7.1.1.2).
            ch.pipeline().addLast("ws-deflate", new WebSocketClientExtensionHandler(
                    new PerMessageDeflateClientExtensionHandshaker(6, false,
                            PerMessageDeflateServerExtensionHandshaker.MAX_WINDOW_SIZE, true, false, MAX_EVENT_BYTES)));
        }
        ch.pipeline()
                .addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_EVENT_BYTES))
                .addLast("client", new ClientHandler(client));
    }
}
