package dev.community.config;

import static dev.community.config.ConfigKeys.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders a {@link ServerConfig} back into {@code key = value} lines for the start-up log, so an operator
 * sees what the server actually runs with — every secret replaced by "****".
 */
final class ConfigDescription {

    static final String MASK = "****";
    private static final String NONE = "(none)";
    private static final Pattern PASSWORD_PARAMETER = Pattern.compile("(?i)([?&;]password=)[^&;#]*");

    private ConfigDescription() {
    }

    static List<String> lines(ServerConfig c) {
        ServerConfig.JwtConfig jwt = c.jwt();
        ServerConfig.DatabaseConfig db = c.database();
        ServerConfig.WriterConfig writer = c.writer();
        ServerConfig.WebSocketConfig ws = c.ws();
        List<String> lines = new ArrayList<>();
        line(lines, SERVER_HOST, c.publicHost());
        line(lines, SERVER_PORT, c.publicPort());
        line(lines, ADMIN_HOST, c.adminHost());
        line(lines, ADMIN_PORT, c.adminPort());
        line(lines, ADMIN_TOKEN, secret(c.adminToken()));
        line(lines, DATA_DIR, c.dataDir());
        line(lines, JWT_ALGORITHM, jwt.algorithm());
        line(lines, JWT_SECRET, secret(jwt.secret())
                + jwt.secretFile().map(file -> " (from " + file + ")").orElse(""));
        line(lines, JWT_PUBLIC_KEY_FILE, optional(jwt.publicKeyFile()));
        line(lines, JWT_ISSUER, optional(jwt.issuer()));
        line(lines, JWT_AUDIENCE, optional(jwt.audience()));
        line(lines, ALLOWED_ORIGINS, list(c.allowedOrigins()));
        line(lines, REQUIRE_ORIGIN, c.requireOrigin());
        line(lines, DB_URL, db.url().map(ConfigDescription::maskUrl).orElse(NONE + " (embedded store)"));
        line(lines, DB_USER, optional(db.user()));
        line(lines, DB_PASSWORD, secret(db.password()));
        line(lines, DB_POOL_SIZE, db.poolSize());
        line(lines, REDIS_URL, c.redisUrl().map(ConfigDescription::maskUrl).orElse(NONE + " (single node)"));
        line(lines, RATE_MESSAGES, c.rateLimitMessages());
        line(lines, RATE_WINDOW_SECONDS, c.rateLimitWindow().toSeconds());
        line(lines, MAX_CONNECTIONS_PER_USER, c.maxConnectionsPerUser());
        ServerConfig.LimitsConfig limits = c.limits();
        line(lines, WS_REQUESTS_PER_SECOND, limits.wsRequests().refill());
        line(lines, WS_REQUESTS_BURST, limits.wsRequests().burst());
        line(lines, WS_RATE_LIMITED_STRIKES, limits.wsRateLimitedStrikes());
        line(lines, REST_REQUESTS_PER_SECOND, limits.restRequests().refill());
        line(lines, REST_REQUESTS_BURST, limits.restRequests().burst());
        line(lines, REST_CONCURRENT_REQUESTS, limits.restConcurrentRequests());
        line(lines, CONNECTION_TOKENS_PER_MINUTE, limits.connectionTokens().refill());
        line(lines, CONNECTION_TOKENS_BURST, limits.connectionTokens().burst());
        line(lines, ANONYMOUS_REQUESTS_PER_SECOND, limits.anonymousRequests().refill());
        line(lines, ANONYMOUS_REQUESTS_BURST, limits.anonymousRequests().burst());
        line(lines, REACTIONS_PER_MINUTE, limits.reactions().refill());
        line(lines, REACTIONS_BURST, limits.reactions().burst());
        line(lines, MAX_DISTINCT_REACTIONS, limits.maxDistinctReactions());
        line(lines, MAX_PINS_PER_ROOM, limits.maxPinsPerRoom());
        line(lines, GROUP_DMS_PER_HOUR, limits.groupDms().refill());
        line(lines, GROUP_DM_MAX_PARTICIPANTS, limits.groupDmMaxParticipants());
        line(lines, MAX_PIPELINED_REQUESTS, limits.maxPipelinedRequests());
        line(lines, DEFAULT_FORUMS, list(c.defaultForums()));
        line(lines, MODERATION_BLOCKED_WORDS, c.moderation().blockedWords().isEmpty() ? NONE
                : c.moderation().blockedWords().size() + " words");
        line(lines, MODERATION_BLOCKED_PATTERNS, c.moderation().blockedPatterns().isEmpty() ? NONE
                : c.moderation().blockedPatterns().size() + " patterns");
        line(lines, MODERATION_ACTION, c.moderation().action());
        ServerConfig.ClassifierConfig classifier = c.moderation().classifier();
        line(lines, CLASSIFIER_URL, optional(classifier.url().map(url -> maskUrl(url.toString()))));
        line(lines, CLASSIFIER_API_KEY, secret(classifier.apiKey()));
        line(lines, CLASSIFIER_MODEL, optional(classifier.model()));
        line(lines, CLASSIFIER_TIMEOUT_MS, classifier.timeout().toMillis());
        line(lines, CLASSIFIER_FLAG_THRESHOLD, classifier.flag().describe());
        line(lines, CLASSIFIER_HIDE_THRESHOLD, classifier.hide().describe());
        line(lines, CLASSIFIER_REJECT_THRESHOLD, classifier.reject().describe());
        line(lines, CLASSIFIER_ON_ERROR, classifier.onError());
        line(lines, CLASSIFIER_MODE, classifier.mode());
        line(lines, CLASSIFIER_MAX_CONCURRENCY, classifier.maxConcurrency());
        line(lines, CLASSIFIER_QUEUE_CAPACITY, classifier.queueCapacity());
        line(lines, WRITER_BATCH_SIZE, writer.batchSize());
        line(lines, WRITER_MAX_DELAY_MS, writer.maxDelay().toMillis());
        line(lines, WRITER_QUEUE_CAPACITY, writer.queueCapacity());
        line(lines, WRITER_THREADS, writer.threads());
        line(lines, WS_MAX_FRAME_BYTES, ws.maxFrameBytes());
        line(lines, WS_IDLE_TIMEOUT_SECONDS, seconds(ws.idleTimeout()));
        line(lines, WS_HANDSHAKE_TIMEOUT_SECONDS, seconds(ws.handshakeTimeout()));
        line(lines, WS_MAX_PENDING_BYTES, ws.maxPendingBytes());
        line(lines, WS_MAX_BAD_FRAMES, ws.maxBadFrames());
        line(lines, WS_PRESENCE_TTL_SECONDS, seconds(ws.presenceTtl()));
        line(lines, WS_TYPING_TIMEOUT_MS, ws.typingTimeout().toMillis());
        line(lines, WS_PRESENCE_LIST_LIMIT, ws.presenceListLimit());
        line(lines, WS_PRESENCE_TICK_MS, ws.presenceTick().toMillis());
        line(lines, WS_MAX_ADMISSIONS, ws.maxAdmissions());
        line(lines, WS_MAX_SUBSCRIPTIONS, ws.maxSubscriptions());
        line(lines, EVENT_LOOP_THREADS, c.eventLoopThreads());
        line(lines, BLOCKING_THREADS, c.blockingThreads());
        line(lines, SHUTDOWN_GRACE_SECONDS, seconds(c.shutdownGrace()));
        line(lines, LOG_FORMAT, c.logFormat());
        line(lines, LOG_LEVEL, c.logLevel());
        line(lines, WEB_DIR, c.web().dir());
        line(lines, WEB_DEV_SIGN_IN, c.web().devSignIn());
        line(lines, TLS_CERT_FILE, optional(c.tls().certFile()));
        line(lines, TLS_KEY_FILE, optional(c.tls().keyFile()));
        line(lines, TLS_PLAIN_PORT, optional(c.tls().plainPort()));
        line(lines, TLS_PROVIDER, c.tls().provider());
        line(lines, TLS_WATCH_INTERVAL_SECONDS, seconds(c.tls().watchInterval()));
        line(lines, TLS_HSTS_MAX_AGE_SECONDS, seconds(c.tls().hstsMaxAge()));
        line(lines, TRUSTED_PROXIES, c.trustedProxies().isEmpty() ? NONE
                : String.join(",", c.trustedProxies().stream().map(AddressBlock::toString).toList()));
        line(lines, WS_COMPRESSION, ws.compression());
        line(lines, REDIS_TLS_CA_FILE, optional(c.redisTlsCaFile()));
        line(lines, RETENTION_DEFAULT_DAYS, c.retention().defaultDays() == 0 ? NONE : c.retention().defaultDays());
        line(lines, RETENTION_PURGE_INTERVAL_SECONDS, seconds(c.retention().purgeInterval()));
        line(lines, RETENTION_BATCH_SIZE, c.retention().batchSize());
        line(lines, RETENTION_MAX_ROWS_PER_SECOND, c.retention().maxRowsPerSecond() == 0 ? "unpaced"
                : c.retention().maxRowsPerSecond());
        line(lines, WEBHOOKS_URL, c.webhooks().urls().isEmpty() ? NONE
                : String.join(",", c.webhooks().urls().stream().map(Object::toString).toList()));
        line(lines, WEBHOOKS_SECRET, c.webhooks().secret().isPresent() ? "****" : NONE);
        line(lines, WEBHOOKS_EVENTS, String.join(",", c.webhooks().events()));
        line(lines, WEBHOOKS_TIMEOUT_MS, c.webhooks().timeout().toMillis());
        line(lines, WEBHOOKS_CONCURRENCY, c.webhooks().concurrency());
        line(lines, WEBHOOKS_RETRY_HORIZON_SECONDS, seconds(c.webhooks().retryHorizon()));
        line(lines, WEBHOOKS_BATCH_MAX, c.webhooks().batchMax());
        return List.copyOf(lines);
    }

    /**
     * The URL with the password of its user-info and any {@code password=} parameter replaced by "****".
     * User-info without a ':' is masked whole: Redis URIs spell a bare password that way.
     */
    static String maskUrl(String url) {
        String masked = url;
        int schemeEnd = masked.indexOf("://");
        if (schemeEnd >= 0) {
            int authorityStart = schemeEnd + 3;
            int end = firstOf(masked, authorityStart, '?', '#');
            int at = masked.lastIndexOf('@', end - 1);
            if (at >= authorityStart) {
                String userInfo = masked.substring(authorityStart, at);
                int colon = userInfo.indexOf(':');
                String shown = colon >= 0 ? userInfo.substring(0, colon + 1) + MASK : MASK;
                masked = masked.substring(0, authorityStart) + shown + masked.substring(at);
            }
        }
        return PASSWORD_PARAMETER.matcher(masked).replaceAll("$1" + Matcher.quoteReplacement(MASK));
    }

    private static int firstOf(String s, int from, char a, char b) {
        int end = s.length();
        for (int i = from; i < s.length(); i++) {
            if (s.charAt(i) == a || s.charAt(i) == b) {
                end = i;
                break;
            }
        }
        return end;
    }

    private static void line(List<String> lines, String key, Object value) {
        lines.add(key + " = " + value);
    }

    private static String secret(Optional<String> value) {
        return value.isPresent() ? MASK : NONE;
    }

    private static String optional(Optional<?> value) {
        return value.map(Object::toString).orElse(NONE);
    }

    private static String list(List<String> values) {
        return values.isEmpty() ? NONE : String.join(",", values);
    }

    private static long seconds(Duration duration) {
        return duration.toSeconds();
    }
}
