package dev.community.server.cluster.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.support.TestRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Lua scripts against a real Redis: presence transitions across nodes and expiry, rate limit, slow mode. */
class RedisScriptsIT {
    static final String TTL = "120000";
    static RedisClient client;
    static StatefulRedisConnection<String, String> connection;
    static RedisAsyncCommands<String, String> redis;
    final String prefix = TestRedis.freshPrefix();

    @BeforeAll
    static void connect() {
        TestRedis.require();
        RedisURI uri = RedisURI.create(TestRedis.URL);
        uri.setTimeout(Duration.ofSeconds(2));
        client = RedisClient.create(uri);
        connection = client.connect();
        redis = connection.async();
    }

    @AfterAll
    static void disconnect() {
        if (connection != null) {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    <T> T run(LuaScript script, String[] keys, String... args) throws Exception {
        return script.<T>run(redis, keys, args).get(5, TimeUnit.SECONDS);
    }

    String[] presenceKey() {
        return new String[] {prefix + "presence:{" + UUID.randomUUID() + "}"};
    }

    long enter(String[] key, String user, String node) throws Exception {
        return run(RedisScripts.PRESENCE_ENTER, key, user, user + "-name", node, TTL);
    }

    long leave(String[] key, String user, String node) throws Exception {
        return run(RedisScripts.PRESENCE_LEAVE, key, user, node, TTL);
    }

    @SuppressWarnings("unchecked")
    List<List<Object>> refresh(String[] key, String node, String ttl, String... users) throws Exception {
        String[] args = new String[2 + users.length * 2];
        args[0] = node;
        args[1] = ttl;
        for (int i = 0; i < users.length; i++) {
            args[2 + 2 * i] = users[i];
            args[3 + 2 * i] = users[i] + "-name";
        }
        List<Object> answer = run(RedisScripts.PRESENCE_REFRESH, key, args);
        return List.of((List<Object>) answer.get(0), (List<Object>) answer.get(1));
    }

    @Test
    void joinAndLeaveAreClusterWideTransitions() throws Exception {
        String[] key = presenceKey();
        assertThat(enter(key, "u", "n1")).as("first node: joined").isEqualTo(1);
        assertThat(enter(key, "u", "n2")).as("second node: already present").isZero();
        assertThat(leave(key, "u", "n1")).as("still on n2").isZero();
        assertThat(leave(key, "u", "n2")).as("last node: left").isEqualTo(1);
        assertThat(redis.exists(key[0]).get()).isZero();
        assertThat(leave(key, "u", "n2")).as("an unknown user leaving counts as left").isEqualTo(1);
    }

    @Test
    void theEntryHasTheSeedShapeAndATtl() throws Exception {
        String[] key = presenceKey();
        enter(key, "u", "n1");
        assertThat(redis.hget(key[0], "u").get()).contains("\"username\":\"u-name\"", "\"timestamp\":", "\"n1\":");
        assertThat(redis.pttl(key[0]).get()).isBetween(1L, 120_000L);
    }

    @Test
    void aStaleNodeNoLongerCountsAndItsUsersExpireOnce() throws Exception {
        String[] key = presenceKey();
        // dead-node last refreshed its entries an hour ago, far longer than the TTL: they are stale (written
        // directly, so no test thread has to wait for time to pass).
        long anHourAgo = System.currentTimeMillis() - 3_600_000;
        redis.hset(key[0], "ghost", "{\"username\":\"ghost-name\",\"timestamp\":0,\"nodes\":{\"dead-node\":"
                + anHourAgo + "}}").get();
        redis.hset(key[0], "both", "{\"username\":\"both-name\",\"timestamp\":0,\"nodes\":{\"dead-node\":"
                + anHourAgo + "}}").get();
        enter(key, "both", "live-node");
        List<List<Object>> first = refresh(key, "live-node", TTL, "both");
        assertThat(first.get(0)).as("ghost is gone from every node").containsExactly("ghost", "ghost-name");
        assertThat(first.get(1)).as("nobody else is live elsewhere").isEmpty();
        List<List<Object>> second = refresh(key, "live-node", TTL, "both");
        assertThat(second.get(0)).as("reported once").isEmpty();
        assertThat(redis.hexists(key[0], "both").get()).isTrue();
    }

    @Test
    void aRefreshStatesExactlyTheNodesUsersAndReportsTheOthers() throws Exception {
        String[] key = presenceKey();
        enter(key, "left-here", "n1");
        enter(key, "on-n2", "n2");
        enter(key, "on-both", "n1");
        enter(key, "on-both", "n2");
        List<List<Object>> answer = refresh(key, "n1", TTL, "on-both", "new-here");
        assertThat(answer.get(0)).as("left-here left this node: its own leave reports it, not the refresh").isEmpty();
        assertThat(redis.hexists(key[0], "left-here").get()).isFalse();
        assertThat(redis.hget(key[0], "new-here").get()).contains("\"n1\":");
        assertThat(answer.get(1)).containsExactlyInAnyOrder("on-n2", "on-n2-name", "n2", "on-both", "on-both-name", "n2");
        assertThat(enter(key, "new-here", "n2")).as("present on n1 after the refresh").isZero();
    }

    @ParameterizedTest(name = "limit {0}, {1} earlier messages → code {2}")
    @CsvSource({"3, 0, 0", "3, 2, 0", "3, 3, 1", "1, 1, 1"})
    void theRateLimitIsASlidingWindow(int limit, int earlier, long expectedCode) throws Exception {
        String user = "rate-" + UUID.randomUUID();
        String[] keys = {prefix + "rate:{" + user + "}", prefix + "slow:{" + user + "}"};
        for (int i = 0; i < earlier; i++) {
            List<Object> ok = run(RedisScripts.THROTTLE, keys, Integer.toString(limit), "60000", "0", "m" + i);
            assertThat(ok).containsExactly(0L, 0L);
        }
        List<Object> answer = run(RedisScripts.THROTTLE, keys, Integer.toString(limit), "60000", "0", "last");
        assertThat(answer.get(0)).isEqualTo(expectedCode);
        if (expectedCode == 1) {
            assertThat((Long) answer.get(1)).isBetween(1L, 60_000L);
            assertThat(redis.zcard(keys[0]).get()).as("a refused message is not recorded").isEqualTo(limit);
        }
    }

    @Test
    void aMessageLeavingTheWindowFreesItsPlace() throws Exception {
        String user = "window-" + UUID.randomUUID();
        String[] keys = {prefix + "rate:{" + user + "}", prefix + "slow:{" + user + "}"};
        assertThat(this.<List<Object>>run(RedisScripts.THROTTLE, keys, "1", "1000", "0", "a")).containsExactly(0L, 0L);
        assertThat(this.<List<Object>>run(RedisScripts.THROTTLE, keys, "1", "1000", "0", "b").get(0)).isEqualTo(1L);
        // Refused attempts are not recorded, so asking until one is accepted waits for "a" to leave the window.
        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() ->
                this.<List<Object>>run(RedisScripts.THROTTLE, keys, "1", "1000", "0", "c").get(0).equals(0L));
        assertThat(redis.zcard(keys[0]).get()).as("only c is in the window now").isEqualTo(1);
    }

    @Test
    void slowModeRefusesTheSecondPostWithinTheIntervalButCountsItAgainstTheRate() throws Exception {
        String user = "slow-" + UUID.randomUUID();
        String[] keys = {prefix + "rate:{" + user + "}", prefix + "slow:{" + user + "}:room"};
        assertThat(this.<List<Object>>run(RedisScripts.THROTTLE, keys, "10", "60000", "30000", "a")).containsExactly(0L, 0L);
        List<Object> refused = run(RedisScripts.THROTTLE, keys, "10", "60000", "30000", "b");
        assertThat(refused.get(0)).isEqualTo(2L);
        assertThat((Long) refused.get(1)).isBetween(1L, 30_000L);
        assertThat(redis.zcard(keys[0]).get()).isEqualTo(2);
    }

    @Test
    void aScriptRedisDoesNotKnowIsSentInFull() throws Exception {
        // A source no Redis has seen: EVALSHA answers NOSCRIPT, and the script is sent (and cached) with EVAL.
        LuaScript fresh = new LuaScript("-- " + UUID.randomUUID() + "\nreturn 42", io.lettuce.core.ScriptOutputType.INTEGER);
        assertThat(this.<Long>run(fresh, new String[] {prefix + "any"})).isEqualTo(42L);
        assertThat(this.<Long>run(fresh, new String[] {prefix + "any"})).isEqualTo(42L);
    }
}
