package dev.community.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.server.cluster.redis.RedisKeys;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** What a node reads from redis.url, and the key names it derives (hash tags included). */
class ClusterSettingsTest {

    @ParameterizedTest
    @CsvSource({
            "redis://127.0.0.1:6379,                          community:, AUTO,    false, true",
            "redis://127.0.0.1:6379?prefix=t1:,               t1:,        AUTO,    false, true",
            "redis://h:6379/2?timeout=5s&prefix=a.b-c_d:&pubsub=sharded, a.b-c_d:, SHARDED, true, true",
            "redis://:pa%3Fss@h:6379?pubsub=classic,            community:, CLASSIC, false, false",
            // Sentinel: the master's name as a parameter, or as the fragment after the query
            "'redis-sentinel://s1:26379,s2:26379?sentinelMasterId=m&prefix=s:', s:, AUTO, false, true",
            "'redis-sentinel://s1:26379,s2:26379/0?prefix=s:#m',                s:, AUTO, false, true",
    })
    void readsPrefixAndPubSubFromTheUrl(String url, String prefix, ClusterSettings.PubSubMode mode,
                                        boolean shardedOnStandalone, boolean shardedOnCluster) {
        ClusterSettings settings = ClusterSettings.parse(url);

        assertThat(settings.redisUrl()).isEqualTo(url);
        assertThat(settings.prefix()).isEqualTo(prefix);
        assertThat(settings.pubSub()).isEqualTo(mode);
        assertThat(settings.sharded(false)).isEqualTo(shardedOnStandalone);
        assertThat(settings.sharded(true)).isEqualTo(shardedOnCluster);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "redis://h?prefix=",
            "redis://h?prefix=has{brace}",
            "redis://h?prefix=sp%20ace",
            "redis://h?pubsub=gossip",
            "redis://h?prefix=01234567890123456789012345678901234567890123456789012345678901234",
    })
    void refusesBadServerParameters(String url) {
        assertThatThrownBy(() -> ClusterSettings.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("redis.url");
    }

    @ParameterizedTest
    @CsvSource({
            "redis://:secret@h:6379?prefix=x:,  redis://****@h:6379?prefix=x:",
            "redis://user:secret@h:6379,        redis://****@h:6379",
            "redis://h:6379?clientName=a@b,     redis://h:6379?clientName=a@b",
            "rediss://h:6380,                   rediss://h:6380",
    })
    void masksThePasswordForLogs(String url, String safe) {
        assertThat(ClusterSettings.parse(url).safeUrl()).isEqualTo(safe);
    }

    @Test
    void everyProcessGetsItsOwnNodeId() {
        assertThat(ClusterSettings.parse("redis://h").nodeId()).isNotEqualTo(ClusterSettings.parse("redis://h").nodeId());
    }

    @Test
    void keysOfOneRoomOrOneUserShareAHashTag() {
        RedisKeys keys = new RedisKeys("community:");
        Channels channels = new Channels("community:");
        UUID room = UUID.fromString("0190a000-0000-7000-8000-000000000001");

        assertThat(keys.presence(room)).isEqualTo("community:presence:{" + room + "}");
        assertThat(keys.rateLimit("alice")).isEqualTo("rate_limit:community:{alice}");
        assertThat(hashTag(keys.slowMode("alice", room))).isEqualTo(hashTag(keys.rateLimit("alice")));
        assertThat(hashTag(channels.room(room))).isEqualTo(hashTag(keys.presence(room)));
    }

    private static String hashTag(String key) {
        int open = key.indexOf('{');
        return key.substring(open + 1, key.indexOf('}', open));
    }
}
