package dev.community.config;

import java.util.List;
import java.util.Locale;

/**
 * The spelling of every configuration key, as written in the properties file and in {@code --key=value}
 * flags. {@link #ALL} is the whole vocabulary: anything else is rejected, so a typo cannot silently fall
 * back to a default.
 */
public final class ConfigKeys {

    /** Prefix of every environment variable the loader reads. */
    public static final String ENV_PREFIX = "COMMUNITY_";
    /** Flag naming the properties file; not a key, so it may not appear inside the file itself. */
    public static final String CONFIG_FLAG = "config";
    /** Environment variable naming the properties file when no {@code --config} flag is given. */
    public static final String CONFIG_ENV = "COMMUNITY_CONFIG";

    public static final String SERVER_HOST = "server.host";
    public static final String SERVER_PORT = "server.port";
    public static final String ADMIN_HOST = "admin.host";
    public static final String ADMIN_PORT = "admin.port";
    public static final String ADMIN_TOKEN = "admin.token";
    public static final String DATA_DIR = "data.dir";
    public static final String JWT_SECRET = "auth.jwt.secret";
    public static final String JWT_PUBLIC_KEY_FILE = "auth.jwt.public_key_file";
    public static final String JWT_ALGORITHM = "auth.jwt.algorithm";
    public static final String JWT_ISSUER = "auth.jwt.issuer";
    public static final String JWT_AUDIENCE = "auth.jwt.audience";
    public static final String ALLOWED_ORIGINS = "server.allowed_origins";
    public static final String REQUIRE_ORIGIN = "server.require_origin";
    public static final String DB_URL = "db.url";
    public static final String DB_USER = "db.user";
    public static final String DB_PASSWORD = "db.password";
    public static final String DB_POOL_SIZE = "db.pool_size";
    public static final String REDIS_URL = "redis.url";
    public static final String RATE_MESSAGES = "limits.rate_messages";
    public static final String RATE_WINDOW_SECONDS = "limits.rate_window_seconds";
    public static final String MAX_CONNECTIONS_PER_USER = "limits.max_connections_per_user";
    public static final String DEFAULT_FORUMS = "rooms.default_forums";
    public static final String MODERATION_BLOCKED_WORDS = "moderation.blocked_words";
    public static final String MODERATION_BLOCKED_PATTERNS = "moderation.blocked_patterns";
    public static final String MODERATION_ACTION = "moderation.action";
    public static final String WRITER_BATCH_SIZE = "writer.batch_size";
    public static final String WRITER_MAX_DELAY_MS = "writer.max_delay_ms";
    public static final String WRITER_QUEUE_CAPACITY = "writer.queue_capacity";
    public static final String WS_MAX_FRAME_BYTES = "ws.max_frame_bytes";
    public static final String WS_IDLE_TIMEOUT_SECONDS = "ws.idle_timeout_seconds";
    public static final String WS_HANDSHAKE_TIMEOUT_SECONDS = "ws.handshake_timeout_seconds";
    public static final String WS_WRITE_BUFFER_HIGH_BYTES = "ws.write_buffer_high_bytes";
    public static final String WS_WRITE_BUFFER_LOW_BYTES = "ws.write_buffer_low_bytes";
    public static final String WS_SLOW_CONSUMER_MAX_BYTES = "ws.slow_consumer_max_bytes";
    public static final String WS_MAX_BAD_FRAMES = "ws.max_bad_frames";
    public static final String WS_PRESENCE_TTL_SECONDS = "ws.presence_ttl_seconds";
    public static final String WS_TYPING_TIMEOUT_MS = "ws.typing_timeout_ms";
    public static final String EVENT_LOOP_THREADS = "server.event_loop_threads";
    public static final String BLOCKING_THREADS = "server.blocking_threads";
    public static final String SHUTDOWN_GRACE_SECONDS = "server.shutdown_grace_seconds";
    public static final String LOG_FORMAT = "log.format";
    public static final String LOG_LEVEL = "log.level";
    public static final String WEB_DIR = "web.dir";
    public static final String WEB_DEV_SIGN_IN = "web.dev_sign_in";
    public static final String TLS_CERT_FILE = "tls.cert_file";
    public static final String TLS_KEY_FILE = "tls.key_file";
    public static final String TLS_PLAIN_PORT = "tls.plain_port";
    public static final String TLS_PROVIDER = "tls.provider";
    public static final String TLS_WATCH_INTERVAL_SECONDS = "tls.watch_interval_seconds";
    public static final String TLS_HSTS_MAX_AGE_SECONDS = "tls.hsts_max_age_seconds";
    public static final String TRUSTED_PROXIES = "server.trusted_proxies";
    public static final String WS_COMPRESSION = "ws.compression";
    public static final String REDIS_TLS_CA_FILE = "redis.tls_ca_file";

    /** Every key, in the order the effective configuration is described at start-up. */
    public static final List<String> ALL = List.of(
            SERVER_HOST, SERVER_PORT, ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN, DATA_DIR,
            JWT_ALGORITHM, JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_ISSUER, JWT_AUDIENCE,
            ALLOWED_ORIGINS, REQUIRE_ORIGIN,
            DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE, REDIS_URL,
            RATE_MESSAGES, RATE_WINDOW_SECONDS, MAX_CONNECTIONS_PER_USER, DEFAULT_FORUMS,
            MODERATION_BLOCKED_WORDS, MODERATION_BLOCKED_PATTERNS, MODERATION_ACTION,
            WRITER_BATCH_SIZE, WRITER_MAX_DELAY_MS, WRITER_QUEUE_CAPACITY,
            WS_MAX_FRAME_BYTES, WS_IDLE_TIMEOUT_SECONDS, WS_HANDSHAKE_TIMEOUT_SECONDS,
            WS_WRITE_BUFFER_HIGH_BYTES, WS_WRITE_BUFFER_LOW_BYTES, WS_SLOW_CONSUMER_MAX_BYTES,
            WS_MAX_BAD_FRAMES, WS_PRESENCE_TTL_SECONDS, WS_TYPING_TIMEOUT_MS,
            EVENT_LOOP_THREADS, BLOCKING_THREADS, SHUTDOWN_GRACE_SECONDS,
            LOG_FORMAT, LOG_LEVEL,
            WEB_DIR, WEB_DEV_SIGN_IN,
            TLS_CERT_FILE, TLS_KEY_FILE, TLS_PLAIN_PORT, TLS_PROVIDER, TLS_WATCH_INTERVAL_SECONDS,
            TLS_HSTS_MAX_AGE_SECONDS, TRUSTED_PROXIES, WS_COMPRESSION, REDIS_TLS_CA_FILE);

    /** Keys whose values never appear in logs or error messages. */
    public static final List<String> SECRETS = List.of(JWT_SECRET, DB_PASSWORD, ADMIN_TOKEN);

    private ConfigKeys() {
    }

    /** The environment spelling of a key: {@code db.pool_size} → {@code COMMUNITY_DB_POOL_SIZE}. */
    public static String envName(String key) {
        return ENV_PREFIX + normalise(key);
    }

    /** Upper-case with '.' and '-' as '_', so a key and its environment name compare equal. */
    static String normalise(String name) {
        return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
