package dev.community.server.cluster.redis;

import io.lettuce.core.ScriptOutputType;

/**
 * The cluster's Lua scripts. Each touches the keys of one hash tag only (one room, or one user), so it runs on one
 * shard of a Redis Cluster, and each takes the time from Redis ({@code TIME}) so nodes with skewed clocks agree.
 *
 * <p>Presence lives in {@code community:presence:{room_id}}, a hash of user id → JSON
 * {@code {"username", "timestamp", "nodes": {node id: last seen millis}}}; a node entry older than the TTL is
 * stale (its node stopped refreshing: it died), and the key itself expires after the TTL without writes.
 */
final class RedisScripts {
    private RedisScripts() {
    }

    private static final String NOW = """
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
            """;

    /**
     * The user's first connection to the room on node ARGV[3]. KEYS: presence. ARGV: user id, username, node, ttl ms.
     * Returns 1 when no other node has the user live (so the cluster emits user_joined), else 0.
     */
    static final LuaScript PRESENCE_ENTER = new LuaScript(NOW + """
            local ttl = tonumber(ARGV[4])
            local nodes = {}
            local others = false
            local raw = redis.call('HGET', KEYS[1], ARGV[1])
            if raw then
              local entry = cjson.decode(raw)
              for node, seen in pairs(entry.nodes or {}) do
                if now - seen < ttl then
                  nodes[node] = seen
                  if node ~= ARGV[3] then others = true end
                end
              end
            end
            nodes[ARGV[3]] = now
            redis.call('HSET', KEYS[1], ARGV[1],
              cjson.encode({username = ARGV[2], timestamp = math.floor(now / 1000), nodes = nodes}))
            redis.call('PEXPIRE', KEYS[1], ttl)
            if others then return 0 end
            return 1
            """, ScriptOutputType.INTEGER);

    /**
     * The user's last connection to the room on node ARGV[2] closed. KEYS: presence. ARGV: user id, node, ttl ms.
     * Returns 1 when no other node has the user live any more (the cluster emits user_left), else 0.
     */
    static final LuaScript PRESENCE_LEAVE = new LuaScript(NOW + """
            local ttl = tonumber(ARGV[3])
            local raw = redis.call('HGET', KEYS[1], ARGV[1])
            if not raw then return 1 end
            local entry = cjson.decode(raw)
            local nodes = {}
            local others = false
            for node, seen in pairs(entry.nodes or {}) do
              if node ~= ARGV[2] and now - seen < ttl then
                nodes[node] = seen
                others = true
              end
            end
            if not others then
              redis.call('HDEL', KEYS[1], ARGV[1])
              return 1
            end
            entry.nodes = nodes
            redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(entry))
            redis.call('PEXPIRE', KEYS[1], ttl)
            return 0
            """, ScriptOutputType.INTEGER);

    /**
     * Node ARGV[1] states exactly which users it has in the room (ARGV[3..] as id, username pairs): it is added to
     * those, removed from the others, and every stale node entry is pruned. KEYS: presence. ARGV: node, ttl ms,
     * then the pairs. Returns {gone, present}: gone = id, username pairs of users no node had live any more (their
     * presence expired: the caller emits user_left); present = id, username, comma-separated other nodes triples
     * of users live on a node other than ARGV[1].
     */
    static final LuaScript PRESENCE_REFRESH = new LuaScript(NOW + """
            local me = ARGV[1]
            local ttl = tonumber(ARGV[2])
            local mine = {}
            for i = 3, #ARGV, 2 do mine[ARGV[i]] = ARGV[i + 1] end
            local gone = {}
            local present = {}
            local seen = {}
            local all = redis.call('HGETALL', KEYS[1])
            for i = 1, #all, 2 do
              local id = all[i]
              local entry = cjson.decode(all[i + 1])
              local nodes = {}
              local others = {}
              local wasLive = false
              for node, at in pairs(entry.nodes or {}) do
                if now - at < ttl then
                  wasLive = true
                  if node ~= me then
                    nodes[node] = at
                    table.insert(others, node)
                  end
                end
              end
              if mine[id] then
                nodes[me] = now
                seen[id] = true
              end
              if next(nodes) == nil then
                redis.call('HDEL', KEYS[1], id)
                if not wasLive then
                  table.insert(gone, id)
                  table.insert(gone, entry.username or id)
                end
              else
                entry.nodes = nodes
                entry.timestamp = math.floor(now / 1000)
                redis.call('HSET', KEYS[1], id, cjson.encode(entry))
                if #others > 0 then
                  table.insert(present, id)
                  table.insert(present, entry.username or id)
                  table.insert(present, table.concat(others, ','))
                end
              end
            end
            for id, name in pairs(mine) do
              if not seen[id] then
                local nodes = {}
                nodes[me] = now
                redis.call('HSET', KEYS[1], id,
                  cjson.encode({username = name, timestamp = math.floor(now / 1000), nodes = nodes}))
              end
            end
            if redis.call('HLEN', KEYS[1]) > 0 then redis.call('PEXPIRE', KEYS[1], ttl) end
            return {gone, present}
            """, ScriptOutputType.MULTI);

    /**
     * The per-user sliding-window rate limit, then the room's slow mode, in one round trip. KEYS: rate limit
     * (sorted set of message times), slow mode (expiring marker). ARGV: limit, window ms, slow-mode interval ms (0 =
     * off), a unique member for this message. Returns {0, 0} to go on, {1, wait ms} when rate limited (nothing
     * recorded), {2, wait ms} in slow mode (the rate allowance stays taken, as on a single node).
     */
    static final LuaScript THROTTLE = new LuaScript(NOW + """
            local limit = tonumber(ARGV[1])
            local window = tonumber(ARGV[2])
            local slow = tonumber(ARGV[3])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
            if redis.call('ZCARD', KEYS[1]) >= limit then
              local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
              return {1, math.max(1, tonumber(oldest[2]) + window - now)}
            end
            redis.call('ZADD', KEYS[1], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[1], window)
            if slow > 0 then
              if not redis.call('SET', KEYS[2], '1', 'PX', slow, 'NX') then
                return {2, math.max(1, redis.call('PTTL', KEYS[2]))}
              end
            end
            return {0, 0}
            """, ScriptOutputType.MULTI);
}
