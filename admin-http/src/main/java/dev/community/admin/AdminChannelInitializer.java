package dev.community.admin;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** The admin port's pipeline: HTTP codec, body aggregation up to 64 KiB (413 beyond), the router. */
final class AdminChannelInitializer extends ChannelInitializer<SocketChannel> {
    /** The admin API's largest body is a 4000-character message; 64 KiB matches the public API's limit. */
    static final int MAX_BODY_BYTES = 64 * 1024;

    private final AdminEndpoints endpoints;
    private final AdminJson json;

    AdminChannelInitializer(AdminEndpoints endpoints, AdminJson json) {
        this.endpoints = endpoints;
        this.json = json;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        ch.pipeline()
                .addLast("http-codec", new HttpServerCodec())
                .addLast("aggregator", new HttpObjectAggregator(MAX_BODY_BYTES))
                .addLast("router", new AdminRouter(endpoints, json));
    }
}
