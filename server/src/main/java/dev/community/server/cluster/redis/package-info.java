/**
 * The cluster on Redis, and the only place that knows it: {@link dev.community.server.cluster.redis.RedisBackend}
 * connects (Lettuce, standalone or Redis Cluster, classic or sharded pub/sub) and returns the cluster's
 * {@link dev.community.server.cluster.ClusterTransport} ({@code RedisLink}) and stores (presence, rate limit and
 * slow mode, connection tokens), whose atomic parts are the Lua scripts of {@code RedisScripts}. Nothing outside
 * this package imports Lettuce ({@code ArchitectureTest} checks it). Every command is asynchronous and bounded.
 */
package dev.community.server.cluster.redis;
