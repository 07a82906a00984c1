package dev.community.server.cluster;

import dev.community.admin.ReadinessCheck;
import dev.community.protocol.JsonCodec;
import dev.community.server.BlockingExecutor;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.LocalConnectionTokens;
import dev.community.server.cluster.redis.RedisBackend;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.LocalRoomBus;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomRegistry;
import dev.community.server.send.LocalSendThrottle;
import dev.community.server.send.SendThrottle;
import dev.community.server.ws.ControlRelay;
import dev.community.server.ws.SessionControl;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node of a cluster: connects to its backend (Redis, {@link RedisBackend}: the one place that names it), wires
 * the cluster's bus, tokens, limits, presence and control relay over the backend's {@link ClusterTransport} and
 * stores, receives the other nodes' envelopes, and watches the transport's health. {@link dev.community.server.CommunityServer} builds it
 * when {@code redis.url} is set and hands its parts to the rest of the server in place of the single-node ones.
 *
 * <p>When Redis stops answering (a connection drops or the once-a-second probe fails) the node keeps serving its
 * own connections: local fan-out continues, limits, tokens and presence fall back to this node's memory, and
 * sends still go to storage. When Redis answers again the node resubscribes, reads every live room's missed
 * messages from storage, restates its presence, republishes what it could not, and asks the other nodes to catch
 * up too.
 */
public final class ClusterNode implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ClusterNode.class);
    /** How often a node checks that Redis answers (also how soon it notices a silent outage). */
    static final Duration PROBE_EVERY = Duration.ofSeconds(1);

    private final ClusterSettings settings;
    private final Channels channels;
    private final ClusterMetrics metrics;
    private final EnvelopeCodec codec;
    private final ScheduledThreadPoolExecutor timer;
    private final ClusterTransport transport;
    private final EnvelopePublisher publisher;
    private final ClusterRooms rooms;
    private final ClusterPresence presence;
    private final ClusterRoomBus bus;
    private final ClusterConnectionTokens tokens;
    private final ClusterSendThrottle throttle;
    private final ClusterControlRelay relay;
    private ScheduledFuture<?> probe;
    private ScheduledFuture<?> refresh;
    private boolean up = true;
    private volatile boolean closing;

    private ClusterNode(ClusterBackend.Connector connector, ClusterSettings settings, MeterRegistry meters, EventEncoder encoder, RoomRegistry registry,
                        LocalRoomBus local, LocalConnectionTokens localTokens, LocalSendThrottle localThrottle,
                        int rateLimit, Duration rateWindow, Storage storage, BlockingExecutor blocking) {
        this.settings = settings;
        this.channels = new Channels(settings.prefix());
        this.metrics = new ClusterMetrics(meters);
        JsonCodec json = encoder.codec();
        this.codec = new EnvelopeCodec(json);
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "cluster-timer");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        ClusterBackend backend;
        try {
            backend = connector.connect(settings, new TransportEvents());
        } catch (RuntimeException e) {
            timer.shutdownNow();
            throw new IllegalStateException("cannot reach Redis at " + settings.safeUrl() + " (redis.url): "
                    + e.getMessage(), e);
        }
        this.transport = backend.transport();
        this.publisher = new EnvelopePublisher(transport, codec, metrics);
        MessageSource source = (roomId, afterSeq, limit) ->
                blocking.supply(() -> storage.messages().after(roomId, afterSeq, limit));
        this.rooms = new ClusterRooms(transport, channels, local, encoder, source, timer, metrics);
        this.presence = new ClusterPresence(backend.presence(), channels, settings.nodeId(), publisher, registry, rooms, encoder, metrics);
        rooms.presenceLoader(presence::refresh);
        this.bus = new ClusterRoomBus(settings.nodeId(), channels, registry, rooms, presence, encoder, publisher, metrics);
        this.tokens = new ClusterConnectionTokens(backend.tokens(), localTokens, json, metrics);
        this.throttle = new ClusterSendThrottle(backend.throttle(), localThrottle, rateLimit, rateWindow, settings.nodeId(),
                metrics);
        this.relay = new ClusterControlRelay(settings.nodeId(), channels, publisher, json);
        metrics.redisUp(true);
        registry.lifecycle(rooms);
    }

    /**
     * Connects to Redis and builds the node's cluster parts (blocking: call while the server starts). The registry
     * is told to report live rooms to the cluster from here on.
     *
     * @throws IllegalArgumentException for a bad {@code redis.url}
     * @throws IllegalStateException when Redis cannot be reached
     */
    public static ClusterNode connect(String redisUrl, Optional<Path> tlsCaFile, MeterRegistry meters,
                                      EventEncoder encoder, RoomRegistry registry,
                                      LocalRoomBus local, LocalConnectionTokens localTokens, LocalSendThrottle localThrottle,
                                      int rateLimit, Duration rateWindow, Storage storage, BlockingExecutor blocking) {
        ClusterSettings settings = ClusterSettings.parse(redisUrl, tlsCaFile);
        ClusterNode node = new ClusterNode(RedisBackend::connect, settings, meters, encoder, registry, local, localTokens, localThrottle,
                rateLimit, rateWindow, storage, blocking);
        log.info("cluster node {} (key prefix '{}')", settings.nodeId(), settings.prefix());
        return node;
    }

    /**
     * Subscribes to the control channel and starts watching Redis; blocks until subscribed (at start, so a node
     * never serves without hearing the others' bans).
     */
    public void start(SessionControl control) {
        relay.control(control);
        control.relay(relay);
        try {
            transport.subscribe(List.of(channels.control())).get(5, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot subscribe to the cluster's control channel", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while subscribing", e);
        }
        probe = timer.scheduleWithFixedDelay(this::probe, PROBE_EVERY.toMillis(), PROBE_EVERY.toMillis(),
                TimeUnit.MILLISECONDS);
        long every = ClusterPresence.REFRESH_EVERY.toMillis();
        refresh = timer.scheduleWithFixedDelay(() -> {
            if (reachable()) {
                presence.refreshAll();
            }
        }, every, every, TimeUnit.MILLISECONDS);
    }

    public RoomBus bus() {
        return bus;
    }

    public ConnectionTokens tokens() {
        return tokens;
    }

    public SendThrottle throttle() {
        return throttle;
    }

    public ControlRelay relay() {
        return relay;
    }

    public String nodeId() {
        return settings.nodeId();
    }

    /** Whether sharded pub/sub is in use (a Redis Cluster, or forced by the URL). */
    public boolean sharded() {
        return transport.sharded();
    }

    /** Whether the node currently sees Redis answering (the {@code community.cluster.redis.up} gauge). */
    public synchronized boolean reachable() {
        return up;
    }

    /** The {@code redis} check of /ready: a PING on every connection, answered within the command timeout. */
    public ReadinessCheck readiness() {
        return ReadinessCheck.of("redis", () -> {
            try {
                return transport.healthy().get(ClusterSettings.commandTimeout().toMillis() + 500, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
    }

    /** A payload from another node, on the transport's thread: decode, skip our own, hand it to its part. */
    private void receive(String channel, byte[] payload) {
        Envelope envelope;
        try {
            envelope = codec.decode(payload);
        } catch (RuntimeException e) {
            metrics.undecodable();
            log.warn("dropped an undecodable payload on {}: {}", channel, e.getMessage());
            return;
        }
        if (envelope.nodeId().equals(settings.nodeId())) {
            return;
        }
        metrics.received(envelope.kind());
        try {
            if (envelope instanceof Envelope.Stored stored) {
                bus.received(stored);
            } else if (envelope instanceof Envelope.Event event) {
                bus.received(event);
            } else if (envelope instanceof Envelope.Presence change) {
                presence.received(change);
            } else if (envelope instanceof Envelope.Watermark watermark) {
                bus.received(watermark);
            } else if (envelope instanceof Envelope.Membership change) {
                relay.received(change);
            } else if (envelope instanceof Envelope.Block change) {
                relay.received(change);
            } else if (envelope instanceof Envelope.ReadMarker change) {
                relay.received(change);
            } else if (envelope instanceof Envelope.RoomSettings change) {
                relay.received(change);
            } else if (envelope instanceof Envelope.Resync) {
                rooms.catchUpAll();
            }
        } catch (RuntimeException e) {
            metrics.undecodable();
            log.warn("could not apply a {} envelope from node {}", envelope.kind(), envelope.nodeId(), e);
        }
    }

    private void probe() {
        if (!closing) {
            transport.healthy().thenAccept(this::reachable);
        }
    }

    private void reachable(boolean answering) {
        boolean recover;
        synchronized (this) {
            if (closing || answering == up) {
                return;
            }
            up = answering;
            metrics.redisUp(answering);
            recover = answering;
        }
        if (!answering) {
            metrics.outage();
            log.warn("redis unreachable: serving this node's connections only until it returns");
            return;
        }
        log.info("redis reachable again: resubscribing and catching up from storage");
        recover();
    }

    /**
     * Resubscribes (Lettuce does too; ours tells us when it is done), then catches every live room up from storage,
     * restates presence, republishes what could not be published, and asks the other nodes to catch up as well
     * (they may not have lost Redis themselves, but they missed what this node could not publish).
     */
    private void recover() {
        transport.subscribe(rooms.channels()).whenComplete((ok, failure) -> {
            if (failure != null) {
                log.debug("resubscribing failed: {}", failure.toString());
                reachable(false);
                return;
            }
            metrics.recovered();
            rooms.catchUpAll();
            presence.refreshAll();
            bus.publishWatermarks();
            relay.recovered();
            relay.sendUnsent();
            publisher.publish(channels.control(), new Envelope.Resync(settings.nodeId(), System.currentTimeMillis()));
        });
    }

    /** Closes the Redis connections; call after the sockets are closed (their presence leaves go out first). */
    @Override
    public void close() {
        if (probe != null) {
            probe.cancel(false);
        }
        if (refresh != null) {
            refresh.cancel(false);
        }
        closing = true;
        transport.close();
        timer.shutdownNow();
    }

    /** What the transport tells: a payload is received, a drop marks it down at once, a reconnect probes at once. */
    private final class TransportEvents implements ClusterTransport.Events {
        @Override
        public void message(String channel, byte[] payload) {
            receive(channel, payload);
        }

        @Override
        public void dropped() {
            if (!closing) {
                reachable(false);
            }
        }

        @Override
        public void connected() {
            if (!closing) {
                timer.execute(ClusterNode.this::probe);
            }
        }
    }
}
