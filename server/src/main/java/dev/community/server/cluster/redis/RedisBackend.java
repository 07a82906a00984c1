package dev.community.server.cluster.redis;

import dev.community.server.cluster.ClusterBackend;
import dev.community.server.cluster.ClusterSettings;
import dev.community.server.cluster.ClusterTransport;

/** The cluster on Redis: pub/sub as the transport, the stores as keys and Lua scripts (see the package's doc). */
public final class RedisBackend {
    private RedisBackend() {
    }

    /**
     * Connects to {@code redis.url} (blocking: called once while the server starts, never on an event loop).
     *
     * @throws io.lettuce.core.RedisConnectionException when Redis cannot be reached
     */
    public static ClusterBackend connect(ClusterSettings settings, ClusterTransport.Events events) {
        RedisLink link = RedisLink.connect(settings, events);
        RedisKeys keys = new RedisKeys(settings.prefix());
        return new ClusterBackend(link, new RedisPresenceStore(link.state(), keys), new RedisThrottleStore(link.state(), keys),
                new RedisTokenStore(link.state(), keys));
    }
}
