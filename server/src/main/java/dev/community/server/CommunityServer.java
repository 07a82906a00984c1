package dev.community.server;

import dev.community.server.http.PipelineStage;
import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.JsonCodec;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.JwtAuthenticator;
import dev.community.server.auth.LocalConnectionTokens;
import dev.community.server.http.AnonymousBudget;
import dev.community.server.http.ApiDocuments;
import dev.community.server.http.ApiDocumentsRoute;
import dev.community.server.http.ConnectionTokenRoute;
import dev.community.server.http.HttpRouter;
import dev.community.server.lounge.LoungeRoutes;
import dev.community.server.http.PublicChannelInitializer;
import dev.community.server.ws.AdmissionGate;
import dev.community.server.ws.RecentSightings;
import dev.community.server.ws.FrameReading;
import dev.community.server.ws.FrameWriting;
import dev.community.server.ws.RoomEntrance;
import dev.community.server.ws.RoomFrameActions;
import dev.community.server.ws.RoomReplies;
import dev.community.server.ws.Sessions;
import dev.community.server.ws.TokenLifetime;
import dev.community.server.ws.UpgradeAdmission;
import dev.community.server.ws.UpgradeRefusals;
import dev.community.server.ws.WebSocketGatekeeper;
import java.util.function.Function;
import dev.community.server.lounge.DevSignIn;
import dev.community.server.http.ClientAddress;
import dev.community.server.http.ClientAddressHandler;
import dev.community.server.tls.ListenerTransport;
import dev.community.server.tls.ServerTls;
import dev.community.server.moderation.ClassifierStage;
import dev.community.server.moderation.ContentModeration;
import dev.community.server.moderation.HttpClassifier;
import dev.community.server.moderation.WordFilterModerator;
import dev.community.server.rest.RestApi;
import dev.community.server.rest.RestCallers;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.LocalRoomBus;
import dev.community.server.room.RoomBus;
import dev.community.server.room.PresenceSettings;
import dev.community.server.room.RoomRegistry;
import dev.community.server.room.TextFrames;
import dev.community.server.cluster.ClusterNode;
import dev.community.server.send.LocalSendThrottle;
import dev.community.server.send.MessageService;
import dev.community.server.send.RateLimiter;
import dev.community.server.send.SendThrottle;
import dev.community.server.send.SlowMode;
import dev.community.server.budget.BudgetMetrics;
import dev.community.server.budget.Budgets;
import dev.community.server.ws.Closer;
import dev.community.server.ws.OutboundBudgetHandler;
import dev.community.server.actions.LiveChanges;
import dev.community.server.actions.RoomActions;
import dev.community.server.ws.ConnectionDirectory;
import dev.community.server.ws.SessionControl;
import dev.community.server.admission.AdmissionStore;
import dev.community.server.retention.RetentionPurger;
import dev.community.server.webhooks.Webhooks;
import dev.community.storage.Storage;
import dev.community.storage.RoomRecord;
import dev.community.admin.AdminServer;
import dev.community.admin.ReadinessCheck;
import dev.community.server.admin.Drain;
import dev.community.server.admin.NodeAdmin;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application: wires storage, rooms, the send path and the pipelines (with the cluster's Redis-backed parts
 * when {@code redis.url} is set), binds the ports, and owns the shutdown order (stop accepting → stop reading →
 * drain the writer so every accepted message is committed and acknowledged or answered unavailable → close
 * sockets with 1001 → close storage → close Redis → stop the loops).
 */
public final class CommunityServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CommunityServer.class);
    /** How often expired connection tokens, idle rate-limit windows and slow-mode marks are swept. */
    private static final Duration HOUSEKEEPING_INTERVAL = Duration.ofSeconds(30);

    private final ServerConfig config;
    private final PrometheusMeterRegistry meters;
    private final Clock clock;
    private Storage storage;
    private BlockingExecutor blocking;
    private EventLoopGroup bossGroup;
    private EventLoopGroup workerGroup;
    private Channel publicChannel;
    /** The plain-text listener beside a TLS one ({@code tls.plain_port}); null when there is none. */
    private Channel plainChannel;
    /** The served certificate and its renewal; null without {@code tls.cert_file}. */
    private ServerTls tls;
    private AdminServer adminServer;
    private Drain drain;
    private ServerContext context;
    private Sessions sessions;
    private AdmissionStore admissionStore;
    private RestApi restApi;
    private ClusterNode cluster;
    private ScheduledFuture<?> housekeeping;
    private RetentionPurger retention;
    private HttpClassifier classifier;
    private EventLoopWatch loopWatch;
    /** Null when no webhooks.url is configured. */
    private Webhooks webhooks;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile boolean closing;
    /** Every accepted public connection, so shutdown can wait for them to close (not static: one per server). */
    private final ChannelGroup allChannels = new DefaultChannelGroup("public", GlobalEventExecutor.INSTANCE);

    /** A server with its own Prometheus registry carrying the JVM, process and Netty meters. */
    public CommunityServer(ServerConfig config, Clock clock) {
        this(config, Metrics.newRegistry(), clock);
    }

    public CommunityServer(ServerConfig config, PrometheusMeterRegistry meters, Clock clock) {
        this.config = config;
        this.meters = meters;
        this.clock = clock;
    }

    /**
     * Starts everything and binds the public port; returns once the server accepts connections. When a part cannot
     * start (the database or Redis unreachable, a port taken) what did start is closed again before the failure
     * is thrown.
     */
    public CommunityServer start() throws InterruptedException {
        try {
            return startParts();
        } catch (RuntimeException | InterruptedException | Error e) {
            close();
            throw e;
        }
    }

    private CommunityServer startParts() throws InterruptedException {
        for (String line : ConfigLoader.describe(config)) {
            log.info("config {}", line);
        }
        // Room fan-out writes pre-encoded frames past Netty's frame encoder: refuse to start on a Netty that
        // would not let them through unchanged.
        TextFrames.checkPassThrough();
        storage = Storage.open(config.database(), config.dataDir(), config.writer(), meters);
        List<RoomRecord> forums = storage.rooms().ensureForums(config.defaultForums());
        for (RoomRecord forum : forums) {
            log.info("forum {} id={}", forum.slug(), forum.id());
        }
        DevSignIn.announce(config);
        blocking = new BlockingExecutor(config.blockingThreads(), 10_000, meters);
        ServerMetrics metrics = new ServerMetrics(meters);
        JsonCodec codec = new JsonCodec();
        EventEncoder encoder = new EventEncoder(codec, PooledByteBufAllocator.DEFAULT);
        RoomRegistry rooms = new RoomRegistry(metrics, config.ws().typingTimeout(),
                new PresenceSettings(config.ws().presenceListLimit(), config.ws().presenceTick(), encoder));
        LocalRoomBus localBus = new LocalRoomBus(rooms, encoder);
        LocalConnectionTokens localTokens = new LocalConnectionTokens(clock);
        RateLimiter rateLimiter = new RateLimiter(config.rateLimitMessages(), config.rateLimitWindow());
        SlowMode slowMode = new SlowMode();
        LocalSendThrottle localThrottle = new LocalSendThrottle(rateLimiter, slowMode);
        RoomBus bus = localBus;
        ConnectionTokens tokens = localTokens;
        SendThrottle throttle = localThrottle;
        if (config.redisUrl().isPresent()) {
            // Cluster mode: the same parts, shared through Redis (the local ones remain its fallbacks).
            cluster = ClusterNode.connect(config.redisUrl().get(), config.redisTlsCaFile(), meters, encoder, rooms,
                    localBus, localTokens, localThrottle, config.rateLimitMessages(), config.rateLimitWindow(), storage,
                    blocking);
            bus = cluster.bus();
            tokens = cluster.tokens();
            throttle = cluster.throttle();
        }
        rooms.bus(bus);
        storage.writer().commitListener(bus::messageStored);
        // before the first change: every change from here on writes its webhook events in its own transaction
        webhooks = Webhooks.start(config.webhooks(), storage,
                (roomId, userId) -> rooms.find(roomId).map(room -> room.isOnline(userId)).orElse(false), codec, clock,
                cluster != null ? cluster.nodeId() : "node-" + java.util.UUID.randomUUID(), meters);
        ConnectionDirectory connections = new ConnectionDirectory();
        Closer closer = new Closer(metrics);
        AdmissionStore admission = AdmissionStore.of(storage, blocking, meters, cluster != null);
        admissionStore = admission;
        rooms.whenIdle(admission.rooms()::forget);
        SessionControl control = new SessionControl(connections, closer, clock, rooms, admission);
        LiveChanges live = new LiveChanges(bus, control, codec);
        ClassifierStage classifierStage = null;
        if (config.moderation().classifier().enabled()) {
            classifier = new HttpClassifier(config.moderation().classifier(), metrics);
            classifierStage = ClassifierStage.of(config.moderation().classifier(), classifier);
        }
        ContentModeration moderation = new ContentModeration(WordFilterModerator.from(config.moderation()),
                classifierStage, storage, blocking, live, metrics);
        MessageService messages = new MessageService(storage, blocking, moderation, throttle, metrics, clock);
        if (cluster != null) {
            cluster.start(control);
        }
        Budgets budgets = new Budgets(config.limits(), new BudgetMetrics(meters));
        RoomActions actions = RoomActions.wire(storage, blocking, clock, messages, live, budgets, admission, meters);
        JwtAuthenticator authenticator = new JwtAuthenticator(config.jwt());
        context = new ServerContext(config, clock, codec, storage, blocking, rooms, connections, control, tokens,
                authenticator, actions, metrics, closer, budgets);
        var wsConfig = config.ws();
        StorageReads reads = new StorageReads(storage, blocking);
        sessions = new Sessions(
                new FrameReading(codec, budgets, wsConfig.maxBadFrames(), closer),
                new FrameWriting(encoder, metrics),
                new TokenLifetime(authenticator, clock),
                new RoomEntrance(rooms, bus, connections, control, admission.blocks()),
                reads,
                new RoomFrameActions(actions.messages(), actions.readMarks()),
                // a reply is at most half the outbound budget, so it always fits it
                new RoomReplies(clock, wsConfig.maxPendingBytes() / 2, wsConfig.presenceListLimit()),
                wsConfig.maxSubscriptions());
        UpgradeRefusals refusals = new UpgradeRefusals(config, codec, metrics);
        ConnectionTokens connectionTokens = tokens;
        AnonymousBudget anonymous = new AnonymousBudget(budgets, metrics, codec);
        ConnectionTokenRoute connectionTokenRoute = new ConnectionTokenRoute(authenticator, tokens, budgets, anonymous,
                metrics, codec);
        // Converted here, at start, so the first request for a spec does not parse YAML on an event loop.
        ApiDocumentsRoute documents = new ApiDocumentsRoute(ApiDocuments.bundled(), codec);
        // One listener's pipeline. Its connections share one admission gate (the upgrades being admitted at once)
        // and one memory of the users whose claims were recorded lately.
        Function<ListenerTransport, PublicChannelInitializer> publicPipeline = transport -> {
            AdmissionGate gate = new AdmissionGate(wsConfig.maxAdmissions());
            metrics.admissionsInFlight(gate::inFlight);
            UpgradeAdmission upgrades = upgradeAdmission();
            return new PublicChannelInitializer(config.limits(), wsConfig, metrics, codec, closer, allChannels,
                    transport, stages -> new WebSocketGatekeeper(refusals, connectionTokens, gate, upgrades, sessions,
                            stages),
                    () -> new HttpRouter(connectionTokenRoute, documents, restApi, new LoungeRoutes(config, clock, codec), anonymous,
                            metrics, codec));
        };

        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerSocketChannel> channelType = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        bossGroup = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("public-accept"), io);
        workerGroup = new MultiThreadIoEventLoopGroup(config.eventLoopThreads(), new DefaultThreadFactory("public-io"), io);
        loopWatch = new EventLoopWatch(meters, "public-io", workerGroup);
        drain = new Drain(this::stopAccepting, workerGroup, connections, closer);
        var ws = config.ws();
        ClientAddressHandler clientAddress = new ClientAddressHandler(new ClientAddress(config.trustedProxies()));
        tls = config.tls().enabled() ? ServerTls.start(config.tls(), ws.handshakeTimeout(), meters, clock) : null;
        restApi = new RestApi(new RestCallers(authenticator, anonymous, budgets), codec, metrics, reads, actions);
        ServerBootstrap bootstrap = new ServerBootstrap()
                .group(bossGroup, workerGroup)
                .channel(channelType)
                .option(ChannelOption.SO_BACKLOG, 4096)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, OutboundBudgetHandler.watermarkFor(ws.maxPendingBytes()));
        ListenerTransport plain = ListenerTransport.plain(clientAddress);
        PublicChannelInitializer publicStages = publicPipeline.apply(tls == null ? plain
                : ListenerTransport.secure(tls.transport(), clientAddress));
        // Room fan-out writes finished frames past these WebSocket stages: refuse to start if they would change them
        // or could negotiate an extension the frames do not know.
        publicStages.checkPreEncodedFrames();
        publicChannel = bootstrap.clone()
                .childHandler(publicStages)
                .bind(config.publicHost(), config.publicPort()).sync().channel();
        if (tls != null && config.tls().plainPort().isPresent()) {
            plainChannel = bootstrap.clone()
                    .childHandler(publicPipeline.apply(plain))
                    .bind(config.publicHost(), config.tls().plainPort().get()).sync().channel();
        }
        adminServer = new AdminServer(config.adminHost(), config.adminPort(), config.adminToken(), meters,
                readinessChecks(), new NodeAdmin(rooms, control, metrics, storage, clock, drain,
                        tls == null ? null : tls.certificates(), webhooks)).start();
        housekeeping = workerGroup.next().scheduleAtFixedRate(() -> {
            long now = clock.millis();
            localTokens.sweepExpired();
            rateLimiter.sweep(now);
            slowMode.sweep(now);
        }, HOUSEKEEPING_INTERVAL.toMillis(), HOUSEKEEPING_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        retention = new RetentionPurger(storage.retention(), rooms, config.retention(), clock, meters).start();
        log.info("listening on {} ({}{} transport, {} store){}; admin port {}", publicChannel.localAddress(),
                tls == null ? "" : "TLS, ", epoll ? "epoll" : "nio", storage.embedded() ? "embedded" : "PostgreSQL",
                plainChannel == null ? "" : "; plain text on " + plainChannel.localAddress(), adminServer.port());
        return this;
    }

    /** What /ready reports: the database, and Redis when the node is part of a cluster. */
    private List<ReadinessCheck> readinessChecks() {
        ReadinessCheck database = ReadinessCheck.of("database", storage::isReachable);
        return cluster == null ? List.of(database) : List.of(database, cluster.readiness());
    }

    /** This node's cluster parts, or null on a single node. */
    public ClusterNode cluster() {
        return cluster;
    }

    /** Closes the listening sockets: new connections are refused, existing ones carry on. */
    private void stopAccepting() {
        if (plainChannel != null && plainChannel.isOpen()) {
            plainChannel.close().syncUninterruptibly();
        }
        if (publicChannel != null && publicChannel.isOpen()) {
            publicChannel.close().syncUninterruptibly();
            log.info("stopped accepting connections");
        }
    }

    public int adminPort() {
        return adminServer.port();
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    /** The bound public port (useful when configured as 0); it speaks TLS when a certificate is configured. */
    public int publicPort() {
        return ((InetSocketAddress) publicChannel.localAddress()).getPort();
    }

    /** The bound plain-text port beside TLS ({@code tls.plain_port}); -1 when there is none. */
    public int plainPort() {
        return plainChannel == null ? -1 : ((InetSocketAddress) plainChannel.localAddress()).getPort();
    }

    /** The node's TLS, or null when the public port speaks plain text. */
    public ServerTls tls() {
        return tls;
    }

    public ServerContext context() {
        return context;
    }

    /**
     * A listener's admission of WebSocket upgrades, with its own memory of the users whose claims it recorded lately
     * (public for the gatekeeper's tests).
     */
    public UpgradeAdmission upgradeAdmission() {
        return new UpgradeAdmission(context.actions().access(), admissionStore, context.connections(), context.rooms(),
                new StorageReads(storage, blocking), context.metrics(), new RecentSightings(),
                config.maxConnectionsPerUser());
    }

    /** For tests: what makes a WebSocket's session stage. */
    public Sessions sessions() {
        return sessions;
    }

    /** Blocks until {@link #close()} has finished. */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        log.info("shutting down");
        try {
            stopAccepting();
            if (housekeeping != null) {
                housekeeping.cancel(false);
            }
            if (retention != null) {
                // before the writer drains and the pool closes: a batch in progress finishes or rolls back
                retention.close();
            }
            if (context != null) {
                // No new frames: everything accepted so far gets its answer from the writer drain below.
                context.connections().channelsNow().forEach(channel ->
                        channel.eventLoop().execute(() -> channel.config().setAutoRead(false)));
            }
            if (storage != null) {
                storage.writer().drain(remaining(deadline));
            }
            if (context != null) {
                context.connections().channelsNow().forEach(channel -> channel.eventLoop().execute(() ->
                        context.closer().close(channel, CloseCodes.GOING_AWAY, "server shutting down")));
                // Plain HTTP connections (idle keep-alives, answered requests) have nothing to finish.
                allChannels.close(channel -> !PipelineStage.isSession(channel.pipeline()));
                allChannels.newCloseFuture().awaitUninterruptibly(remaining(deadline).toMillis());
                allChannels.close().awaitUninterruptibly(1000);
            }
            if (classifier != null) {
                // after the writer drained: late after_store verdicts are dropped (the messages stay as stored)
                classifier.close();
            }
            if (blocking != null) {
                blocking.close();
            }
            if (webhooks != null) {
                // before the pool closes; a request cut short is sent again (same webhook-id) after its lease
                webhooks.close();
            }
            if (storage != null) {
                storage.close();
            }
            if (cluster != null) {
                // After the sockets: their presence leaves have been sent.
                cluster.close();
            }
            if (adminServer != null) {
                adminServer.close();
            }
            if (tls != null) {
                tls.close();
            }
        } finally {
            if (loopWatch != null) {
                loopWatch.close();
            }
            if (workerGroup != null) {
                workerGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
            if (bossGroup != null) {
                bossGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            }
            log.info("stopped");
            stopped.countDown();
        }
    }

    private static Duration remaining(long deadlineNanos) {
        return Duration.ofNanos(Math.max(0, deadlineNanos - System.nanoTime()));
    }
}
