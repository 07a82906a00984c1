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
    public static final String WS_REQUESTS_PER_SECOND = "limits.ws_requests_per_second";
    public static final String WS_REQUESTS_BURST = "limits.ws_requests_burst";
    public static final String WS_RATE_LIMITED_STRIKES = "limits.ws_rate_limited_strikes";
    public static final String REST_REQUESTS_PER_SECOND = "limits.rest_requests_per_second";
    public static final String REST_REQUESTS_BURST = "limits.rest_requests_burst";
    public static final String REST_CONCURRENT_REQUESTS = "limits.rest_concurrent_requests";
    public static final String CONNECTION_TOKENS_PER_MINUTE = "limits.connection_tokens_per_minute";
    public static final String CONNECTION_TOKENS_BURST = "limits.connection_tokens_burst";
    public static final String ANONYMOUS_REQUESTS_PER_SECOND = "limits.anonymous_requests_per_second";
    public static final String ANONYMOUS_REQUESTS_BURST = "limits.anonymous_requests_burst";
    public static final String REACTIONS_PER_MINUTE = "limits.reactions_per_minute";
    public static final String REACTIONS_BURST = "limits.reactions_burst";
    public static final String MAX_DISTINCT_REACTIONS = "limits.max_distinct_reactions";
    public static final String MAX_PINS_PER_ROOM = "limits.max_pins_per_room";
    public static final String GROUP_DMS_PER_HOUR = "limits.group_dms_per_hour";
    public static final String GROUP_DM_MAX_PARTICIPANTS = "limits.group_dm_max_participants";
    public static final String MAX_PIPELINED_REQUESTS = "server.max_pipelined_requests";
    public static final String DEFAULT_FORUMS = "rooms.default_forums";
    public static final String MODERATION_BLOCKED_WORDS = "moderation.blocked_words";
    public static final String MODERATION_BLOCKED_PATTERNS = "moderation.blocked_patterns";
    public static final String MODERATION_ACTION = "moderation.action";
    public static final String CLASSIFIER_URL = "moderation.classifier.url";
    public static final String CLASSIFIER_API_KEY = "moderation.classifier.api_key";
    public static final String CLASSIFIER_MODEL = "moderation.classifier.model";
    public static final String CLASSIFIER_TIMEOUT_MS = "moderation.classifier.timeout_ms";
    public static final String CLASSIFIER_FLAG_THRESHOLD = "moderation.classifier.flag_threshold";
    public static final String CLASSIFIER_HIDE_THRESHOLD = "moderation.classifier.hide_threshold";
    public static final String CLASSIFIER_REJECT_THRESHOLD = "moderation.classifier.reject_threshold";
    public static final String CLASSIFIER_ON_ERROR = "moderation.classifier.on_error";
    public static final String CLASSIFIER_MODE = "moderation.classifier.mode";
    public static final String CLASSIFIER_MAX_CONCURRENCY = "moderation.classifier.max_concurrency";
    public static final String CLASSIFIER_QUEUE_CAPACITY = "moderation.classifier.queue_capacity";
    public static final String WRITER_BATCH_SIZE = "writer.batch_size";
    public static final String WRITER_MAX_DELAY_MS = "writer.max_delay_ms";
    public static final String WRITER_QUEUE_CAPACITY = "writer.queue_capacity";
    public static final String WRITER_THREADS = "writer.threads";
    public static final String WS_MAX_FRAME_BYTES = "ws.max_frame_bytes";
    public static final String WS_IDLE_TIMEOUT_SECONDS = "ws.idle_timeout_seconds";
    public static final String WS_HANDSHAKE_TIMEOUT_SECONDS = "ws.handshake_timeout_seconds";
    public static final String WS_MAX_PENDING_BYTES = "ws.max_pending_bytes";
    public static final String WS_MAX_BAD_FRAMES = "ws.max_bad_frames";
    public static final String WS_PRESENCE_TTL_SECONDS = "ws.presence_ttl_seconds";
    public static final String WS_TYPING_TIMEOUT_MS = "ws.typing_timeout_ms";
    public static final String WS_PRESENCE_LIST_LIMIT = "ws.presence_list_limit";
    public static final String WS_PRESENCE_TICK_MS = "ws.presence_tick_ms";
    public static final String WS_MAX_ADMISSIONS = "ws.max_admissions";
    public static final String WS_MAX_SUBSCRIPTIONS = "ws.max_subscriptions";
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
    public static final String RETENTION_DEFAULT_DAYS = "retention.default_days";
    public static final String RETENTION_PURGE_INTERVAL_SECONDS = "retention.purge_interval_seconds";
    public static final String RETENTION_BATCH_SIZE = "retention.batch_size";
    public static final String RETENTION_MAX_ROWS_PER_SECOND = "retention.max_rows_per_second";
    public static final String WEBHOOKS_URL = "webhooks.url";
    public static final String WEBHOOKS_SECRET = "webhooks.secret";
    public static final String WEBHOOKS_EVENTS = "webhooks.events";
    public static final String WEBHOOKS_TIMEOUT_MS = "webhooks.timeout_ms";
    public static final String WEBHOOKS_CONCURRENCY = "webhooks.concurrency";
    public static final String WEBHOOKS_RETRY_HORIZON_SECONDS = "webhooks.retry_horizon_seconds";
    public static final String WEBHOOKS_BATCH_MAX = "webhooks.batch_max";

    /** Every key, in the order the effective configuration is described at start-up. */
    public static final List<String> ALL = List.of(
            SERVER_HOST, SERVER_PORT, ADMIN_HOST, ADMIN_PORT, ADMIN_TOKEN, DATA_DIR,
            JWT_ALGORITHM, JWT_SECRET, JWT_PUBLIC_KEY_FILE, JWT_ISSUER, JWT_AUDIENCE,
            ALLOWED_ORIGINS, REQUIRE_ORIGIN,
            DB_URL, DB_USER, DB_PASSWORD, DB_POOL_SIZE, REDIS_URL,
            RATE_MESSAGES, RATE_WINDOW_SECONDS, MAX_CONNECTIONS_PER_USER,
            WS_REQUESTS_PER_SECOND, WS_REQUESTS_BURST, WS_RATE_LIMITED_STRIKES,
            REST_REQUESTS_PER_SECOND, REST_REQUESTS_BURST, REST_CONCURRENT_REQUESTS,
            CONNECTION_TOKENS_PER_MINUTE, CONNECTION_TOKENS_BURST,
            ANONYMOUS_REQUESTS_PER_SECOND, ANONYMOUS_REQUESTS_BURST,
            REACTIONS_PER_MINUTE, REACTIONS_BURST, MAX_DISTINCT_REACTIONS, MAX_PINS_PER_ROOM,
            GROUP_DMS_PER_HOUR, GROUP_DM_MAX_PARTICIPANTS, MAX_PIPELINED_REQUESTS,
            DEFAULT_FORUMS,
            MODERATION_BLOCKED_WORDS, MODERATION_BLOCKED_PATTERNS, MODERATION_ACTION,
            CLASSIFIER_URL, CLASSIFIER_API_KEY, CLASSIFIER_MODEL, CLASSIFIER_TIMEOUT_MS,
            CLASSIFIER_FLAG_THRESHOLD, CLASSIFIER_HIDE_THRESHOLD, CLASSIFIER_REJECT_THRESHOLD,
            CLASSIFIER_ON_ERROR, CLASSIFIER_MODE, CLASSIFIER_MAX_CONCURRENCY, CLASSIFIER_QUEUE_CAPACITY,
            WRITER_BATCH_SIZE, WRITER_MAX_DELAY_MS, WRITER_QUEUE_CAPACITY, WRITER_THREADS,
            WS_MAX_FRAME_BYTES, WS_IDLE_TIMEOUT_SECONDS, WS_HANDSHAKE_TIMEOUT_SECONDS,
            WS_MAX_PENDING_BYTES,
            WS_MAX_BAD_FRAMES, WS_PRESENCE_TTL_SECONDS, WS_TYPING_TIMEOUT_MS, WS_PRESENCE_LIST_LIMIT, WS_PRESENCE_TICK_MS, WS_MAX_ADMISSIONS, WS_MAX_SUBSCRIPTIONS,
            EVENT_LOOP_THREADS, BLOCKING_THREADS, SHUTDOWN_GRACE_SECONDS,
            LOG_FORMAT, LOG_LEVEL,
            WEB_DIR, WEB_DEV_SIGN_IN,
            TLS_CERT_FILE, TLS_KEY_FILE, TLS_PLAIN_PORT, TLS_PROVIDER, TLS_WATCH_INTERVAL_SECONDS,
            TLS_HSTS_MAX_AGE_SECONDS, TRUSTED_PROXIES, WS_COMPRESSION, REDIS_TLS_CA_FILE,
            RETENTION_DEFAULT_DAYS, RETENTION_PURGE_INTERVAL_SECONDS, RETENTION_BATCH_SIZE,
            RETENTION_MAX_ROWS_PER_SECOND,
            WEBHOOKS_URL, WEBHOOKS_SECRET, WEBHOOKS_EVENTS, WEBHOOKS_TIMEOUT_MS, WEBHOOKS_CONCURRENCY,
            WEBHOOKS_RETRY_HORIZON_SECONDS, WEBHOOKS_BATCH_MAX);

    /**
     * Keys an earlier release read and this one does not, each with what replaced it: an operator's old file
     * stops the start with this advice rather than a bare "unknown key".
     */
    public static final java.util.Map<String, String> RETIRED = java.util.Map.of(
            "ws.slow_consumer_max_bytes", "replaced by " + WS_MAX_PENDING_BYTES
                    + " (one outbound budget for every byte a connection is owed)",
            "ws.write_buffer_high_bytes", "replaced by " + WS_MAX_PENDING_BYTES
                    + " (the outbound budget is the connection's high watermark)",
            "ws.write_buffer_low_bytes", "no longer used: a connection over " + WS_MAX_PENDING_BYTES
                    + " is closed, never paused");

    /** Keys whose values never appear in logs or error messages. */
    public static final List<String> SECRETS = List.of(JWT_SECRET, DB_PASSWORD, ADMIN_TOKEN, CLASSIFIER_API_KEY,
            WEBHOOKS_SECRET);

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
