/**
 * Cluster mode: several nodes behind a load balancer sharing one PostgreSQL and one Redis (standalone, or a Redis
 * Cluster with sharded pub/sub). {@link dev.community.server.cluster.ClusterNode} wires it: the room bus that
 * delivers locally and publishes once to Redis ({@link dev.community.server.cluster.RedisRoomBus}), the per-room
 * sequencer that delivers a room's messages in seq order and repairs gaps from storage
 * ({@link dev.community.server.cluster.RoomSequencer}), cluster-wide presence, connection tokens, rate limits and
 * slow mode, and the control channel that applies bans and mutes on every node. Every Redis round trip uses
 * Lettuce's asynchronous API; nothing here blocks an event loop. When Redis is down each node keeps serving its
 * own connections and catches up from storage when Redis returns. See docs/CLUSTER.md.
 */
package dev.community.server.cluster;
