package dev.community.server.cluster;

import dev.community.config.ConfigKeys;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * What a cluster node needs to know, from {@code redis.url}. Two optional query parameters belong to the server
 * rather than to Lettuce (which ignores them): {@code prefix} (default {@value #DEFAULT_PREFIX}) starts every key
 * and channel name, so two deployments, or two test runs, can share one Redis; {@code pubsub=sharded|classic}
 * overrides the pub/sub flavour, which otherwise is sharded (SPUBLISH/SSUBSCRIBE) on a Redis Cluster and classic
 * on a standalone Redis.
 *
 * @param nodeId random per process: a node skips its own publications by it, and presence counts by it
 */
public record ClusterSettings(String redisUrl, String prefix, PubSubMode pubSub, String nodeId) {
    /** Every key and channel starts with this (community:presence:{room_id}, ...); {@code prefix=} changes it. */
    public static final String DEFAULT_PREFIX = "community:";
    private static final Pattern PREFIX = Pattern.compile("[A-Za-z0-9:_.-]{1,64}");
    private static final SecureRandom RANDOM = new SecureRandom();

    /** How a node picks the pub/sub flavour. */
    public enum PubSubMode {
        /** Sharded on a Redis Cluster, classic otherwise. */
        AUTO,
        SHARDED,
        CLASSIC
    }

    public ClusterSettings {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(ConfigKeys.REDIS_URL
                    + ": prefix must be 1-64 characters of A-Z a-z 0-9 : _ . - (no braces: they would break hash tags)");
        }
    }

    /** Reads {@code prefix} and {@code pubsub} from the URL's query; everything else is Lettuce's. */
    public static ClusterSettings parse(String redisUrl) {
        String prefix = DEFAULT_PREFIX;
        PubSubMode mode = PubSubMode.AUTO;
        int mark = redisUrl.indexOf('?');
        String query = mark < 0 ? null : redisUrl.substring(mark + 1).split("#", 2)[0];
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                String name = eq < 0 ? pair : pair.substring(0, eq);
                String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                if (name.equals("prefix")) {
                    prefix = value;
                } else if (name.equals("pubsub")) {
                    mode = switch (value) {
                        case "sharded" -> PubSubMode.SHARDED;
                        case "classic" -> PubSubMode.CLASSIC;
                        default -> throw new IllegalArgumentException(ConfigKeys.REDIS_URL
                                + ": pubsub must be sharded or classic (got '" + value + "')");
                    };
                }
            }
        }
        byte[] id = new byte[6];
        RANDOM.nextBytes(id);
        return new ClusterSettings(redisUrl, prefix, mode, HexFormat.of().formatHex(id));
    }

    /** Whether to use sharded pub/sub, given whether the target turned out to be a Redis Cluster. */
    public boolean sharded(boolean redisCluster) {
        return pubSub == PubSubMode.SHARDED || (pubSub == PubSubMode.AUTO && redisCluster);
    }

    /** The URL with any password masked, for logs and error messages. */
    public String safeUrl() {
        return redisUrl.replaceFirst("//[^@/?]*@", "//****@");
    }

    /** Commands that do not answer within this fail, so a hung Redis costs a send at most this much. */
    public static Duration commandTimeout() {
        return Duration.ofSeconds(1);
    }
}
