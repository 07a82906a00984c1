package dev.community.loadtest.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The event loops and the bootstrap every simulated client connects through. Client {@code i} always lives on
 * loop {@code i mod n} (reconnections included), so its state needs no locks, and binds to source address
 * {@code i mod k}: each loopback address has its own ephemeral ports, so k addresses hold k times as many
 * connections to one server port. With epoll, IP_BIND_ADDRESS_NO_PORT defers the port choice to connect(), which
 * lets the kernel reuse a port towards different destinations.
 */
public final class ClientPool implements AutoCloseable {
    private final EventLoopGroup group;
    private final List<EventLoop> loops = new ArrayList<>();
    private final List<Bootstrap> bootstraps = new ArrayList<>();
    private final List<InetAddress> sources;
    private final boolean epoll;

    /**
     * @param threads event loops, 0 for one per core
     * @param sources local addresses to bind, round robin; empty to let the kernel choose
     */
    public ClientPool(int threads, List<InetAddress> sources) {
        this.epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        this.group = new MultiThreadIoEventLoopGroup(n, new DefaultThreadFactory("loadtest-io", true), io);
        this.sources = List.copyOf(sources);
        for (EventExecutor executor : group) {
            EventLoop loop = (EventLoop) executor;
            loops.add(loop);
            Bootstrap bootstrap = new Bootstrap()
                    .group(loop)
                    .channel(epoll ? EpollSocketChannel.class : NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 30_000);
            if (epoll) {
                bootstrap.option(EpollChannelOption.IP_BIND_ADDRESS_NO_PORT, true);
            }
            bootstraps.add(bootstrap);
        }
    }

    /** True when the native epoll transport is in use (Linux); NIO otherwise. */
    public boolean epoll() {
        return epoll;
    }

    public int loopCount() {
        return loops.size();
    }

    public EventLoop loop(int clientIndex) {
        return loops.get(Math.floorMod(clientIndex, loops.size()));
    }

    /** Opens a TCP connection for {@code client} on its loop, from its source address, to its current node. */
    ChannelFuture connect(SimClient client) {
        InetSocketAddress remote = new InetSocketAddress(client.target().address(), client.target().port());
        Bootstrap bootstrap = bootstraps.get(Math.floorMod(client.index(), loops.size())).clone()
                .handler(new ClientInitializer(client));
        if (sources.isEmpty()) {
            return bootstrap.connect(remote);
        }
        InetAddress source = sources.get(Math.floorMod(client.index(), sources.size()));
        return bootstrap.connect(remote, new InetSocketAddress(source, 0));
    }

    /** Stops the loops (their connections close with them); safe to call twice. */
    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
