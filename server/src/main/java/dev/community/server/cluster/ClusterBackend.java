package dev.community.server.cluster;

/**
 * What a cluster node is built on: the transport between the nodes and the shared stores. One implementation
 * today, Redis ({@code cluster/redis/RedisBackend}); {@link ClusterNode} takes a {@link Connector} so nothing else
 * in the cluster package names it.
 */
public record ClusterBackend(ClusterTransport transport, PresenceStore presence, ThrottleStore throttle,
                             TokenStore tokens) {

    /** Connects to the backend the settings name (blocking: called once while the server starts). */
    @FunctionalInterface
    public interface Connector {
        /**
         * @throws IllegalArgumentException for settings the backend cannot use
         * @throws RuntimeException when the backend cannot be reached
         */
        ClusterBackend connect(ClusterSettings settings, ClusterTransport.Events events);
    }
}
