package dev.community.server.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.function.Function;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.Assumptions;

/**
 * The Redis the cluster tests use, from TEST_REDIS_URL (default redis://127.0.0.1:6379). Each test class
 * takes a fresh key prefix, so runs never see each other's keys or channels. Unreachable: the tests are skipped,
 * except with CI=true, where they fail.
 */
public final class TestRedis {
    public static final String URL = env("TEST_REDIS_URL", "redis://127.0.0.1:6379");

    private TestRedis() {
    }

    /** Skips the calling test (fails it under CI=true) when Redis does not answer a PING. */
    public static void require() {
        try {
            call(URL, RedisCommands::ping);
        } catch (RuntimeException e) {
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError("Redis at " + URL + " is required under CI=true: " + e, e);
            }
            Assumptions.abort("Redis at " + URL + " not reachable: " + e.getMessage());
        }
    }

    /** A key prefix no other run uses. */
    public static String freshPrefix() {
        return "t" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    /** The server's redis.url for {@code prefix}, optionally with more query parameters ("pubsub=sharded"). */
    public static String url(String base, String prefix, String... parameters) {
        StringBuilder url = new StringBuilder(base).append(base.contains("?") ? "&" : "?").append("prefix=").append(prefix);
        for (String parameter : parameters) {
            url.append('&').append(parameter);
        }
        return url.toString();
    }

    /** Runs one synchronous command against {@code url} on a short-lived connection (test set-up and checks only). */
    public static <T> T call(String url, Function<RedisCommands<String, String>, T> command) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(Duration.ofSeconds(2));
        RedisClient client = RedisClient.create(uri);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return command.apply(connection.sync());
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
        }
    }

    /** The host of {@link #URL}. */
    public static String host() {
        return RedisURI.create(URL).getHost();
    }

    public static int port() {
        return RedisURI.create(URL).getPort();
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
