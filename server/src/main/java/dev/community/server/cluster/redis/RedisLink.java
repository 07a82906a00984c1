package dev.community.server.cluster.redis;

import dev.community.server.cluster.ClusterSettings;
import dev.community.server.cluster.ClusterTransport;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.event.ClusterTopologyChangedEvent;
import io.lettuce.core.cluster.models.partitions.RedisClusterNode;
import io.lettuce.core.cluster.pubsub.StatefulRedisClusterPubSubConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.Delay;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Redis connections through Lettuce: one for shared state (scripts, tokens), one for publishing, one
 * for subscriptions. Works the same against a standalone Redis and a Redis Cluster (found out at start with
 * {@code INFO cluster}); on a cluster, sharded channels are routed to the shard owning their slot.
 *
 * <p>Every command is asynchronous and bounded: while disconnected Lettuce rejects commands at once rather than
 * queueing them (the callers fall back or count a failure), its queue is bounded, and a command that gets no
 * answer fails after {@link ClusterSettings#commandTimeout()}. Lettuce reconnects by itself within about a second
 * and resubscribes; the cluster node notices the outage and catches up.
 *
 * <p>It is the cluster's {@link ClusterTransport} (pub/sub), and hands its command connection ({@link #state()}) to
 * the Redis stores of this package.
 */
final class RedisLink implements ClusterTransport {
    private static final Logger log = LoggerFactory.getLogger(RedisLink.class);
    /** Commands waiting for a reply per connection; beyond this a command fails at once. */
    private static final int REQUEST_QUEUE = 10_000;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    /** Reconnect quickly (50 ms doubling to 1 s): an outage should end for this node as soon as Redis is back. */
    private static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(50), Duration.ofSeconds(1), 2,
            TimeUnit.MILLISECONDS);
    /** Topology refreshes that events (reconnects, MOVED, ASK) trigger: at most this often. */
    private static final Duration TOPOLOGY_REFRESH_AT_MOST_EVERY = Duration.ofSeconds(1);
    private static final RedisCodec<String, byte[]> BYTES = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    /** Forwards Lettuce's connection events for the connections in {@code own} only. */
    private static final class OwnConnectionEvents implements RedisConnectionStateListener {
        private final Set<Object> own = ConcurrentHashMap.newKeySet();
        private final Events watcher;

        OwnConnectionEvents(Events watcher) {
            this.watcher = watcher;
        }

        void add(Object connection) {
            own.add(connection);
        }

        @Override
        public void onRedisConnected(RedisChannelHandler<?, ?> connection, SocketAddress socketAddress) {
            if (own.contains(connection)) {
                watcher.connected();
            }
        }

        @Override
        public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
            if (own.contains(connection)) {
                watcher.dropped();
            }
        }
    }

    private final ClientResources resources;
    private final AbstractRedisClient client;
    private final boolean redisCluster;
    private final boolean sharded;
    private final StatefulConnection<String, String> stateConnection;
    private final RedisClusterAsyncCommands<String, String> state;
    private final StatefulConnection<String, byte[]> publishConnection;
    private final RedisClusterAsyncCommands<String, byte[]> publisher;
    private final StatefulRedisPubSubConnection<String, byte[]> pubsub;

    private RedisLink(ClientResources resources, AbstractRedisClient client, boolean redisCluster, boolean sharded,
                      StatefulConnection<String, String> stateConnection, RedisClusterAsyncCommands<String, String> state,
                      StatefulConnection<String, byte[]> publishConnection,
                      RedisClusterAsyncCommands<String, byte[]> publisher,
                      StatefulRedisPubSubConnection<String, byte[]> pubsub) {
        this.resources = resources;
        this.client = client;
        this.redisCluster = redisCluster;
        this.sharded = sharded;
        this.stateConnection = stateConnection;
        this.state = state;
        this.publishConnection = publishConnection;
        this.publisher = publisher;
        this.pubsub = pubsub;
    }

    /**
     * Connects (blocking: called once while the server starts, never on an event loop).
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    static RedisLink connect(ClusterSettings settings, Events events) {
        OwnConnectionEvents connectionEvents = new OwnConnectionEvents(events);
        ClientResources resources = ClientResources.builder()
                .ioThreadPoolSize(2)
                .computationThreadPoolSize(2)
                .reconnectDelay(RECONNECT_DELAY)
                .build();
        RedisURI uri = RedisURI.create(settings.redisUrl());
        uri.setTimeout(ClusterSettings.commandTimeout());
        RedisClient standalone = RedisClient.create(resources, uri);
        standalone.setOptions(options(ClientOptions.builder(), settings).build());
        boolean redisCluster;
        StatefulRedisConnection<String, String> probe;
        try {
            probe = standalone.connect();
            redisCluster = probe.async().info("cluster").get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                    .contains("cluster_enabled:1");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw new IllegalStateException("interrupted while connecting to Redis", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw e instanceof RuntimeException runtime ? runtime
                    : new IllegalStateException("Redis did not answer INFO: " + e.getMessage(), e);
        }
        boolean sharded = settings.sharded(redisCluster);
        RedisPubSubAdapter<String, byte[]> adapter = new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, byte[] message) {
                events.message(channel, message);
            }

            @Override
            public void smessage(String shardChannel, byte[] message) {
                events.message(shardChannel, message);
            }
        };
        try {
            if (!redisCluster) {
                standalone.addListener(connectionEvents);
                StatefulRedisConnection<String, byte[]> publish = standalone.connect(BYTES);
                StatefulRedisPubSubConnection<String, byte[]> pubsub = standalone.connectPubSub(BYTES);
                pubsub.addListener(adapter);
                connectionEvents.add(probe);
                connectionEvents.add(publish);
                connectionEvents.add(pubsub);
                log.info("redis: standalone at {}, {} pub/sub", uri.getHost() + ":" + uri.getPort(),
                        sharded ? "sharded" : "classic");
                return new RedisLink(resources, standalone, false, sharded, probe, probe.async(), publish,
                        publish.async(), pubsub);
            }
            probe.close();
            standalone.shutdown(Duration.ZERO, Duration.ofSeconds(1));
            RedisClusterClient cluster = RedisClusterClient.create(resources, uri);
            cluster.setOptions(options(ClusterClientOptions.builder(), settings)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder()
                            .enablePeriodicRefresh(Duration.ofSeconds(30))
                            .enableAllAdaptiveRefreshTriggers()
                            // A failover needs a refresh after the replica's election, which comes a second or two
                            // after the first reconnect failures triggered one: Lettuce's default (at most one
                            // adaptive refresh per 30 s) would leave the dead master's slots unserved that long.
                            .adaptiveRefreshTriggersTimeout(TOPOLOGY_REFRESH_AT_MOST_EVERY)
                            .build())
                    // A master that failed stays in CLUSTER NODES (flagged fail) until an operator forgets it; left
                    // in the topology, its connections would retry it, and re-trigger refreshes, for ever.
                    .nodeFilter(node -> !(node.is(RedisClusterNode.NodeFlag.FAIL)
                            || node.is(RedisClusterNode.NodeFlag.EVENTUAL_FAIL)
                            || node.is(RedisClusterNode.NodeFlag.NOADDR)))
                    .build());
            cluster.addListener(connectionEvents);
            StatefulRedisClusterConnection<String, String> stateConnection = cluster.connect();
            StatefulRedisClusterConnection<String, byte[]> publish = cluster.connect(BYTES);
            StatefulRedisClusterPubSubConnection<String, byte[]> pubsub = cluster.connectPubSub(BYTES);
            pubsub.addListener(adapter);
            connectionEvents.add(stateConnection);
            connectionEvents.add(publish);
            connectionEvents.add(pubsub);
            // Lettuce opens a shard's connection on its first command, and with REJECT_COMMANDS that first command
            // fails: open them now, and again for shards that join later.
            warmUp(cluster.getPartitions().getPartitions(), stateConnection, publish, pubsub, connectionEvents).join();
            resources.eventBus().get()
                    .filter(event -> event instanceof ClusterTopologyChangedEvent)
                    .subscribe(event -> warmUp(((ClusterTopologyChangedEvent) event).after(), stateConnection, publish,
                            pubsub, connectionEvents));
            log.info("redis: cluster of {} nodes via {}, {} pub/sub", cluster.getPartitions().size(),
                    uri.getHost() + ":" + uri.getPort(), sharded ? "sharded" : "classic");
            return new RedisLink(resources, cluster, true, sharded, stateConnection, stateConnection.async(), publish,
                    publish.async(), pubsub);
        } catch (RuntimeException e) {
            resources.shutdown(0, 1, TimeUnit.SECONDS);
            throw e;
        }
    }

    /** Opens the connections of every master in {@code nodes} on the three cluster connections. */
    private static CompletableFuture<Void> warmUp(Collection<RedisClusterNode> nodes,
                                                  StatefulRedisClusterConnection<String, String> state,
                                                  StatefulRedisClusterConnection<String, byte[]> publish,
                                                  StatefulRedisClusterPubSubConnection<String, byte[]> pubsub,
                                                  OwnConnectionEvents own) {
        List<CompletableFuture<?>> opening = new ArrayList<>();
        for (RedisClusterNode node : nodes) {
            if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                String host = node.getUri().getHost();
                int port = node.getUri().getPort();
                opening.add(state.getConnectionAsync(host, port).thenAccept(own::add));
                opening.add(publish.getConnectionAsync(host, port).thenAccept(own::add));
                opening.add(pubsub.getConnectionAsync(host, port).thenAccept(own::add));
            }
        }
        return CompletableFuture.allOf(opening.toArray(CompletableFuture[]::new)).exceptionally(failure -> {
            log.warn("could not open a connection to every Redis Cluster shard: {}", failure.toString());
            return null;
        });
    }

    @SuppressWarnings("unchecked")
    private static <B extends ClientOptions.Builder> B options(B builder, ClusterSettings settings) {
        // rediss:// verifies the server's certificate and host name; redis.tls_ca_file names the CA to trust.
        settings.tlsCaFile().ifPresent(ca -> builder.sslOptions(SslOptions.builder().jdkSslProvider()
                .trustManager(ca.toFile()).build()));
        return (B) builder
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(REQUEST_QUEUE)
                .timeoutOptions(TimeoutOptions.enabled(ClusterSettings.commandTimeout()))
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).keepAlive(true).build());
    }

    @Override
    public boolean sharded() {
        return sharded;
    }

    /** Scripts, tokens and other shared state. */
    RedisClusterAsyncCommands<String, String> state() {
        return state;
    }

    @Override
    public CompletableFuture<Void> publish(String channel, byte[] payload) {
        RedisFuture<Long> sent = sharded ? publisher.spublish(channel, payload) : publisher.publish(channel, payload);
        return sent.toCompletableFuture().thenApply(receivers -> null);
    }

    /** Subscribes one channel at a time: on a cluster each sharded channel goes to the shard owning its slot. */
    @Override
    public CompletableFuture<Void> subscribe(Collection<String> channels) {
        List<CompletableFuture<Void>> all = new ArrayList<>(channels.size());
        for (String channel : channels) {
            all.add((sharded ? pubsub.async().ssubscribe(channel) : pubsub.async().subscribe(channel)).toCompletableFuture());
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String channel) {
        return (sharded ? pubsub.async().sunsubscribe(channel) : pubsub.async().unsubscribe(channel)).toCompletableFuture();
    }

    /**
     * Completes true when the command, publishing and subscription connections all answer a PING, and on a Redis
     * Cluster every master in the node's topology does too: while a shard has no master (its master died, its
     * replica not yet promoted or not yet in the topology) Redis is not fully there, and recovering then would only
     * fail to resubscribe that shard's channels.
     */
    @Override
    @SuppressWarnings("unchecked")
    public CompletableFuture<Boolean> healthy() {
        List<CompletableFuture<?>> answers = new ArrayList<>();
        answers.add(state.ping().toCompletableFuture());
        answers.add(publisher.ping().toCompletableFuture());
        answers.add(pubsub.async().ping().toCompletableFuture());
        if (redisCluster) {
            StatefulRedisClusterConnection<String, String> cluster = (StatefulRedisClusterConnection<String, String>) stateConnection;
            for (RedisClusterNode node : ((RedisClusterClient) client).getPartitions()) {
                if (node.is(RedisClusterNode.NodeFlag.UPSTREAM)) {
                    answers.add(cluster.getConnectionAsync(node.getUri().getHost(), node.getUri().getPort())
                            .thenCompose(shard -> shard.async().ping().toCompletableFuture()));
                }
            }
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).handle((ok, failure) -> failure == null);
    }

    @Override
    public void close() {
        try {
            pubsub.close();
            publishConnection.close();
            stateConnection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        } catch (RuntimeException e) {
            log.warn("closing the Redis client failed: {}", e.toString());
        } finally {
            resources.shutdown(0, 2, TimeUnit.SECONDS);
        }
    }
}
