package dev.community.loadtest.sink;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * The sink's listening socket on 127.0.0.1 and its event loops. Native epoll when it loads, NIO otherwise, picked as
 * the harness's {@code ClientPool} picks it. The accepting channel shares the one group with the connections: the
 * server under test opens a handful of keep-alive connections, so a separate acceptor thread would only add a thread
 * to a machine whose cores belong to the server.
 */
public final class SinkServer implements AutoCloseable {
    private final EventLoopGroup group;
    private final Channel channel;
    private final boolean epoll;

    private SinkServer(EventLoopGroup group, Channel channel, boolean epoll) {
        this.group = group;
        this.channel = channel;
        this.epoll = epoll;
    }

    /**
     * Binds and starts answering.
     *
     * @param port    the port on 127.0.0.1, 0 for a free one ({@link #port()} tells which)
     * @param threads event loop threads
     * @param check   the signature check, null to accept every delivery that has an id
     * @throws InterruptedException when interrupted while binding
     */
    public static SinkServer start(int port, int threads, SinkCounters counters, SignatureCheck check)
            throws InterruptedException {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(threads, new DefaultThreadFactory("webhook-sink", true),
                io);
        try {
            Channel channel = new ServerBootstrap()
                    .group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 1024)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .childHandler(new SinkInitializer(counters, check))
                    .bind(new InetSocketAddress("127.0.0.1", port))
                    .sync()
                    .channel();
            return new SinkServer(group, channel, epoll);
        } catch (Exception e) { // also a BindException, which Netty's sync() throws undeclared
            group.shutdownGracefully(0, 0, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** The bound port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** True when the native epoll transport is in use (Linux); NIO otherwise. */
    public boolean epoll() {
        return epoll;
    }

    /** Stops listening and closes every connection; safe to call twice. */
    @Override
    public void close() {
        channel.close().syncUninterruptibly();
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
