package dev.community.loadtest.sink;

import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/**
 * A connection's pipeline: HTTP/1.1, each request aggregated (the handler needs the whole body to check its
 * signature) up to {@link #MAX_BODY_BYTES}; the aggregator itself answers 413 to a larger one. One place for the
 * pipeline, so the tests on an embedded channel run the same one as the socket.
 */
final class SinkInitializer extends ChannelInitializer<Channel> {
    /** 1 MiB: far above any event the server sends (a message is at most a few KiB of JSON). */
    static final int MAX_BODY_BYTES = 1 << 20;
    private final SinkHandler handler;

    SinkInitializer(SinkCounters counters, SignatureCheck check) {
        this.handler = new SinkHandler(counters, check);
    }

    @Override
    protected void initChannel(Channel channel) {
        channel.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY_BYTES), handler);
    }
}
