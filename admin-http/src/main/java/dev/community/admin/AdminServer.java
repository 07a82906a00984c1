package dev.community.admin;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator port: {@code GET /metrics}, {@code /health}, {@code /ready}, and, when an admin token is
 * configured, the admin API under {@code /admin/} (see {@link AdminOperations} for what it does).
 *
 * <p>One NIO event loop thread serves the port (it is low traffic, and must stay up when the public loops are
 * saturated); calls into {@link AdminOperations} and the scrape run on two admin worker threads, the
 * {@link ReadinessCheck}s on one probe thread each. All of them are daemon threads owned by this server and
 * stopped by {@link #close()}.
 *
 * <pre>{@code
 * try (AdminServer admin = new AdminServer("127.0.0.1", 9090, config.adminToken(), registry,
 *         List.of(databaseCheck), operations).start()) {
 *     ...
 * }
 * }</pre>
 */
public final class AdminServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(AdminServer.class);

    /** How long {@code /ready} waits for a check: a load balancer's probe usually gives up after a few seconds. */
    public static final Duration DEFAULT_READINESS_TIMEOUT = Duration.ofSeconds(2);
    /** How long {@link #close()} lets the loop finish the answers it is writing. */
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(2);

    private final String host;
    private final int requestedPort;
    private final boolean adminApiEnabled;
    private final AdminJson json = new AdminJson();
    private final AdminWorkers workers;
    private final ReadinessProbe probe;
    private final AdminEndpoints endpoints;

    private EventLoopGroup loop;
    private Channel serverChannel;
    private boolean closed;

    /** A server whose {@code /ready} waits {@link #DEFAULT_READINESS_TIMEOUT} for each check. */
    public AdminServer(String host, int port, Optional<String> adminToken, PrometheusMeterRegistry registry,
                       List<ReadinessCheck> checks, AdminOperations ops) {
        this(host, port, adminToken, registry, checks, ops, DEFAULT_READINESS_TIMEOUT);
    }

    /**
     * @param host             bind address, e.g. {@code 127.0.0.1}
     * @param port             port, 0 for any free one (see {@link #port()})
     * @param adminToken       the admin API's bearer token; empty leaves only /metrics, /health and /ready
     * @param registry         the node's meter registry, scraped by {@code /metrics}
     * @param checks           what {@code /ready} checks, with unique names
     * @param ops              what the admin API does, and the audit hook
     * @param readinessTimeout how long {@code /ready} waits for a check before counting it down
     */
    public AdminServer(String host, int port, Optional<String> adminToken, PrometheusMeterRegistry registry,
                       List<ReadinessCheck> checks, AdminOperations ops, Duration readinessTimeout) {
        this.host = Objects.requireNonNull(host, "host");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("admin.port must be 0..65535, was " + port);
        }
        this.requestedPort = port;
        Objects.requireNonNull(adminToken, "adminToken");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(ops, "ops");
        if (readinessTimeout.isNegative() || readinessTimeout.isZero()) {
            throw new IllegalArgumentException("the readiness timeout must be positive, was " + readinessTimeout);
        }
        Optional<BearerToken> token = adminToken.map(BearerToken::new);
        this.adminApiEnabled = token.isPresent();
        this.probe = new ReadinessProbe(List.copyOf(checks), readinessTimeout);
        this.workers = new AdminWorkers("admin-worker");
        this.endpoints = new AdminEndpoints(json, token, registry, probe, ops, workers);
    }

    /**
     * Binds the port and starts serving; returns this, for try-with-resources.
     *
     * @throws IllegalStateException when the port cannot be bound (in use, bad address) or the server was started
     *                               or closed before
     */
    public synchronized AdminServer start() {
        if (closed || loop != null) {
            throw new IllegalStateException("the admin server can be started once");
        }
        loop = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("admin-loop", true), NioIoHandler.newFactory());
        try {
            serverChannel = new ServerBootstrap()
                    .group(loop)
                    .channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childHandler(new AdminChannelInitializer(endpoints, json))
                    .bind(host, requestedPort)
                    .sync()
                    .channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while binding the admin port " + host + ":" + requestedPort, e);
        } catch (Exception e) {
            // bind().sync() rethrows the bind failure (a BindException, say) without declaring it
            close();
            throw new IllegalStateException("cannot bind the admin port " + host + ":" + requestedPort + ": " + e, e);
        }
        LOG.info("admin port listening on {}:{} (/metrics, /health, /ready{})", host, port(),
                adminApiEnabled ? ", admin API" : "; no admin token, admin API off");
        return this;
    }

    /** The bound port (the actual one when 0 was asked for). */
    public synchronized int port() {
        if (serverChannel == null) {
            throw new IllegalStateException("the admin server is not started");
        }
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /** Whether the admin API answers (an admin token is configured). */
    public boolean adminApiEnabled() {
        return adminApiEnabled;
    }

    /** Stops accepting, closes the admin connections, stops the worker and probe threads. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (serverChannel != null) {
            serverChannel.close().awaitUninterruptibly();
        }
        if (loop != null) {
            loop.shutdownGracefully(0, SHUTDOWN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .awaitUninterruptibly(SHUTDOWN_TIMEOUT.toMillis() * 2);
        }
        workers.close();
        probe.close();
        LOG.info("admin port closed");
    }
}
