package dev.community.loadtest.client;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;

/**
 * A client connection's pipeline: HTTP for the connection token and the upgrade (the handshaker swaps the codec
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
        ch.pipeline()
                .addLast("http-codec", new HttpClientCodec())
                .addLast("http-aggregator", new HttpObjectAggregator(MAX_HTTP_BODY))
                .addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_EVENT_BYTES))
                .addLast("client", new ClientHandler(client));
    }
}
