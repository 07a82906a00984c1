/**
 * Cluster mode: several nodes behind a load balancer sharing one PostgreSQL and one Redis (standalone, or a Redis
 * Cluster with sharded pub/sub). {@link dev.community.server.cluster.ClusterNode} wires it: the room bus that
 * delivers locally and publishes once to the other nodes ({@link dev.community.server.cluster.ClusterRoomBus}), the
 * per-room sequencer that delivers a room's messages in seq order and repairs gaps from storage
 * ({@link dev.community.server.cluster.RoomSequencer}), cluster-wide presence, connection tokens, rate limits and
 * slow mode, and the control channel that applies bans and mutes on every node.
 *
 * <p>Nothing here knows Redis: the parts use the seams {@link dev.community.server.cluster.ClusterTransport}
 * (publish, subscribe, events, health) and the stores {@link dev.community.server.cluster.PresenceStore},
 * {@link dev.community.server.cluster.ThrottleStore} and {@link dev.community.server.cluster.TokenStore}; Lettuce and
 * the Lua scripts are in {@code cluster/redis/}, which only {@code ClusterNode} names. Every call through the seams
 * is asynchronous; nothing here blocks an event loop. When the transport is down each node keeps serving its own
 * connections and catches up from storage when it returns. See docs/CLUSTER.md.
 */
package dev.community.server.cluster;
