package dev.community.server.cluster;

import java.util.Collection;
import java.util.concurrent.CompletableFuture;

/**
 * How the nodes of a cluster reach each other: named channels that carry envelopes' bytes, and a health check. The
 * cluster's parts ({@link EnvelopePublisher}, {@link ClusterRooms}, {@link ClusterNode}) know only this; the broker
 * behind it (Redis pub/sub, {@code cluster/redis/}) is chosen when the node is built.
 *
 * <p>Every call is asynchronous and bounded (it never blocks the caller, and a future fails rather than waiting for
 * ever), because callers include event loops. While the broker is unreachable calls fail at once; the node falls
 * back to its own memory and catches up when {@link Events#connected()} and {@link #healthy()} say it is back.
 */
public interface ClusterTransport extends AutoCloseable {

    /**
     * What the transport tells the node, on the transport's own threads (never an event loop's): each payload
     * received on a subscribed channel, and its connections dropping or coming back.
     */
    interface Events {
        void message(String channel, byte[] payload);

        /** One of the node's connections dropped: treat the broker as gone until {@link #healthy()} says otherwise. */
        void dropped();

        /** A connection came back: time to check {@link #healthy()} and recover. */
        void connected();
    }

    /** Completes when the broker took the payload; fails when it did not (down, refused, timed out). */
    CompletableFuture<Void> publish(String channel, byte[] payload);

    /** Subscribes to each channel; completes when all are subscribed. Subscribing again is harmless. */
    CompletableFuture<Void> subscribe(Collection<String> channels);

    CompletableFuture<Void> unsubscribe(String channel);

    /**
     * Completes true when every connection (and every part of a partitioned broker) answers now, false otherwise;
     * never fails. The node's probe and its {@code redis} readiness check.
     */
    CompletableFuture<Boolean> healthy();

    /** Whether channels are partitioned across the broker's shards (Redis sharded pub/sub). */
    boolean sharded();

    /** Closes the connections; blocks briefly (call while stopping, never on an event loop). */
    @Override
    void close();
}
