package dev.community.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * Every setting the server reads, already validated. Built only by {@link ConfigLoader}; each component
 * documents its key (the spelling used in the config file and in {@code --key=value} flags; the
 * environment spelling is {@code COMMUNITY_} + the key upper-cased with '.' replaced by '_').
 *
 * @param publicHost            {@code server.host}: bind address of the public port (WebSocket + REST)
 * @param publicPort            {@code server.port}: public port, default 8080 (0 = any free port)
 * @param adminHost             {@code admin.host}: bind address of the operator port, default 127.0.0.1
 * @param adminPort             {@code admin.port}: operator port, default 9090 (0 = any free port)
 * @param adminToken            {@code admin.token}: bearer token of the admin API; absent = only
 *                              /metrics, /health and /ready answer
 * @param dataDir               {@code data.dir}: where the embedded store and the generated JWT secret live
 * @param jwt                   the {@code auth.jwt.*} keys
 * @param allowedOrigins        {@code server.allowed_origins}: comma-separated browser origins; empty = none
 * @param requireOrigin         {@code server.require_origin}: reject clients that send no Origin (default false)
 * @param database              the {@code db.*} keys
 * @param redisUrl              {@code redis.url}: absent = single node
 * @param rateLimitMessages     {@code limits.rate_messages}: messages per window per user, default 10
 * @param rateLimitWindow       {@code limits.rate_window_seconds}: default 60
 * @param maxConnectionsPerUser {@code limits.max_connections_per_user}: per node, default 20
 * @param limits                the other {@code limits.*} keys and {@code server.max_pipelined_requests}: every
 *                              client action's budget
 * @param defaultForums         {@code rooms.default_forums}: forum slugs created on first start
 * @param moderation            the {@code moderation.*} keys: the built-in content filter and the classifier
 * @param writer                the {@code writer.*} keys
 * @param ws                    the {@code ws.*} keys
 * @param eventLoopThreads      {@code server.event_loop_threads}: 0 = Netty's default (2 × cores)
 * @param blockingThreads       {@code server.blocking_threads}: JDBC executor threads, default 16
 * @param shutdownGrace         {@code server.shutdown_grace_seconds}: deadline for a graceful stop, default 20
 * @param logFormat             {@code log.format}: "text" (default) or "json"
 * @param logLevel              {@code log.level}: root level, default INFO
 * @param web                   the {@code web.*} keys: The Lounge, the bundled web client
 * @param tls                   the {@code tls.*} keys: TLS on the public port
 * @param trustedProxies        {@code server.trusted_proxies}: comma-separated addresses or CIDR blocks whose
 *                              {@code Forwarded} / {@code X-Forwarded-For} headers name the client; empty = none
 * @param retention             the {@code retention.*} keys: how long messages are kept and how they are purged
 * @param redisTlsCaFile        {@code redis.tls_ca_file}: PEM CA certificate(s) that verify a {@code rediss://}
 *                              server; absent = the JDK's default trust store
 * @param webhooks              the {@code webhooks.*} keys: signed event deliveries to the host application
 */
public record ServerConfig(
        String publicHost,
        int publicPort,
        String adminHost,
        int adminPort,
        Optional<String> adminToken,
        Path dataDir,
        JwtConfig jwt,
        List<String> allowedOrigins,
        boolean requireOrigin,
        DatabaseConfig database,
        Optional<String> redisUrl,
        int rateLimitMessages,
        Duration rateLimitWindow,
        int maxConnectionsPerUser,
        LimitsConfig limits,
        List<String> defaultForums,
        ModerationConfig moderation,
        WriterConfig writer,
        WebSocketConfig ws,
        int eventLoopThreads,
        int blockingThreads,
        Duration shutdownGrace,
        String logFormat,
        String logLevel,
        WebConfig web,
        TlsConfig tls,
        List<AddressBlock> trustedProxies,
        Optional<Path> redisTlsCaFile,
        RetentionConfig retention,
        WebhooksConfig webhooks) {

    /**
     * Outgoing webhooks (Standard Webhooks signing, a transactional outbox; docs/PROTOCOL.md §6).
     *
     * @param urls         {@code webhooks.url}: comma-separated endpoints; empty (the default) = no webhooks
     * @param secret       {@code webhooks.secret}: the HMAC key, given as {@code whsec_} + base64 (or bare base64)
     * @param events       {@code webhooks.events}: the event types sent; default all of {@link #EVENT_TYPES}
     * @param timeout      {@code webhooks.timeout_ms}: one request's deadline (connect + answer), default 10000
     * @param concurrency  {@code webhooks.concurrency}: requests in flight at once on this node, default 4
     * @param retryHorizon {@code webhooks.retry_horizon_seconds}: how long an event is retried before it is kept
     *                     as dead, default three days
     * @param batchMax     {@code webhooks.batch_max}: the most events of one room one request carries, default 1
     *                     (one event per request); more sends a room's consecutive events as one batch (PROTOCOL §6)
     */
    public record WebhooksConfig(List<java.net.URI> urls, Optional<byte[]> secret, List<String> events,
                                 Duration timeout, int concurrency, Duration retryHorizon, int batchMax) {
        /** The most events a batch may carry (a run is about a hundred events). */
        public static final int MAX_BATCH = 100;

        /** Every event type the server sends, in the order docs/PROTOCOL.md §6 lists them. */
        public static final List<String> EVENT_TYPES = List.of("message.created", "message.updated",
                "message.deleted", "message.flagged", "moderation.action", "member.joined", "member.left",
                "room.created", "room.updated", "dm.created", "notification.mention", "notification.dm");

        /** No webhooks (the default). */
        public static WebhooksConfig disabled() {
            return new WebhooksConfig(List.of(), Optional.empty(), EVENT_TYPES, Duration.ofSeconds(10), 4,
                    Duration.ofDays(3), 1);
        }

        public boolean enabled() {
            return !urls.isEmpty();
        }

        public boolean sends(String type) {
            return enabled() && events.contains(type);
        }
    }

    /**
     * @param secret        {@code auth.jwt.secret}: HS256 shared secret (≥ 32 bytes); when neither this nor a
     *                      public key file is set, {@link ConfigLoader} generates one in {@code data.dir}
     * @param secretFile    where the generated secret was read from or written to, if it was
     * @param publicKeyFile {@code auth.jwt.public_key_file}: PEM public key for RS256 / ES256
     * @param algorithm     {@code auth.jwt.algorithm}: HS256 (default), RS256 or ES256
     * @param issuer        {@code auth.jwt.issuer}: checked when set
     * @param audience      {@code auth.jwt.audience}: checked when set
     */
    public record JwtConfig(
            Optional<String> secret,
            Optional<Path> secretFile,
            Optional<Path> publicKeyFile,
            String algorithm,
            Optional<String> issuer,
            Optional<String> audience) {
    }

    /**
     * A token bucket: at most {@code burst} tokens, refilled by {@code refill} tokens every {@code period}
     * (spread evenly over it). One action takes one token; an empty bucket refuses with rate_limited.
     */
    public record Rate(long burst, long refill, Duration period) {
        public Rate {
            if (burst < 1 || refill < 1 || period.isNegative() || period.isZero()) {
                throw new IllegalArgumentException("a rate needs a burst and a refill of at least 1 over a positive period");
            }
        }
    }

    /**
     * Every client action's budget beyond the message rate (docs/OPERATIONS.md, "Budgets"). Budgets are per node.
     *
     * @param wsRequests             {@code limits.ws_requests_per_second} / {@code limits.ws_requests_burst}: request
     *                               frames (request_history, mark_read, ping, typing) per connection
     * @param wsRateLimitedStrikes   {@code limits.ws_rate_limited_strikes}: rate_limited answers within a minute after
     *                               which the connection is closed with 1008
     * @param restRequests           {@code limits.rest_requests_per_second} / {@code limits.rest_requests_burst}: REST
     *                               calls per user
     * @param restConcurrentRequests {@code limits.rest_concurrent_requests}: REST calls of one user in progress at once
     * @param connectionTokens       {@code limits.connection_tokens_per_minute} / {@code limits.connection_tokens_burst}:
     *                               connection tokens per user
     * @param anonymousRequests      {@code limits.anonymous_requests_per_second} / {@code limits.anonymous_requests_burst}:
     *                               requests without a valid access token, per source address
     * @param reactions              {@code limits.reactions_per_minute} / {@code limits.reactions_burst}: reactions
     *                               added per user
     * @param maxDistinctReactions   {@code limits.max_distinct_reactions}: distinct emoji on one message
     * @param maxPinsPerRoom         {@code limits.max_pins_per_room}: pinned messages one room may hold
     * @param groupDms               {@code limits.group_dms_per_hour}: group DMs a user may create
     * @param groupDmMaxParticipants {@code limits.group_dm_max_participants}: people in one group DM, creator included
     * @param maxPipelinedRequests   {@code server.max_pipelined_requests}: HTTP requests one connection may queue
     *                               behind the one being answered; more closes the connection
     */
    public record LimitsConfig(
            Rate wsRequests,
            int wsRateLimitedStrikes,
            Rate restRequests,
            int restConcurrentRequests,
            Rate connectionTokens,
            Rate anonymousRequests,
            Rate reactions,
            int maxDistinctReactions,
            int maxPinsPerRoom,
            Rate groupDms,
            int groupDmMaxParticipants,
            int maxPipelinedRequests) {
    }

    /**
     * @param url      {@code db.url}: JDBC URL of PostgreSQL; absent = the embedded store under data.dir
     * @param user     {@code db.user}
     * @param password {@code db.password} (masked in logs)
     * @param poolSize {@code db.pool_size}: HikariCP maximum pool size, default 10
     */
    public record DatabaseConfig(Optional<String> url, Optional<String> user, Optional<String> password, int poolSize) {
        public boolean embedded() {
            return url.isEmpty();
        }
    }

    /**
     * The built-in content filter, run on every message before it is stored (and on every edit). Empty lists
     * turn it off.
     *
     * @param blockedWords    {@code moderation.blocked_words}: comma-separated words, matched case-insensitively
     *                        as whole words
     * @param blockedPatterns {@code moderation.blocked_patterns}: comma-separated Java regular expressions, found
     *                        anywhere in the content (write a comma inside a pattern as {@code \,}); each
     *                        compiles, or the start fails naming the key
     * @param action          {@code moderation.action}: what a match does — "reject" (default: not stored,
     *                        the sender gets an error), "hide" (stored hidden) or "flag" (stored and queued
     *                        for review)
     */
    public record ModerationConfig(List<String> blockedWords, List<String> blockedPatterns, String action,
                                   ClassifierConfig classifier) {
        /** The word filter alone, no classifier. */
        public ModerationConfig(List<String> blockedWords, List<String> blockedPatterns, String action) {
            this(blockedWords, blockedPatterns, action, ClassifierConfig.NONE);
        }

        public boolean enabled() {
            return !blockedWords.isEmpty() || !blockedPatterns.isEmpty();
        }
    }

    /**
     * An external classifier asked about every message and edit that the word filter let through, in the shape of
     * the widely used moderation API ({@code POST {"input","model"}} answered by {@code {"results":[{"flagged",
     * "categories","category_scores"}]}}).
     *
     * @param url            {@code moderation.classifier.url}: absent = no classifier
     * @param apiKey         {@code moderation.classifier.api_key}: sent as {@code Authorization: Bearer}; absent = none
     * @param model          {@code moderation.classifier.model}: sent as "model"; absent = left out
     * @param timeout        {@code moderation.classifier.timeout_ms}: from asking (queue wait included) to verdict,
     *                       default 2000; later is an error
     * @param flag           {@code moderation.classifier.flag_threshold}: scores that flag, default 0.5
     * @param hide           {@code moderation.classifier.hide_threshold}: scores that hide, default 0.8
     * @param reject         {@code moderation.classifier.reject_threshold}: scores that refuse, default 0.95
     * @param onError        {@code moderation.classifier.on_error}: "allow" (default) or "reject" when the
     *                       classifier times out, fails, answers nonsense or its queue is full
     * @param mode           {@code moderation.classifier.mode}: "before_store" (default: the verdict decides
     *                       before the message is stored) or "after_store" (stored and delivered at once; a later
     *                       verdict hides or flags it)
     * @param maxConcurrency {@code moderation.classifier.max_concurrency}: requests in flight, default 16
     * @param queueCapacity  {@code moderation.classifier.queue_capacity}: reviews waiting for a request slot,
     *                       default 1000; a review beyond it is an error at once
     */
    public record ClassifierConfig(Optional<URI> url, Optional<String> apiKey, Optional<String> model,
                                   Duration timeout, Thresholds flag, Thresholds hide, Thresholds reject,
                                   String onError, String mode, int maxConcurrency, int queueCapacity) {
        /** No classifier. */
        public static final ClassifierConfig NONE = new ClassifierConfig(Optional.empty(), Optional.empty(),
                Optional.empty(), Duration.ofSeconds(2), Thresholds.OFF, Thresholds.OFF, Thresholds.OFF, "allow",
                "before_store", 1, 0);

        public boolean enabled() {
            return url.isPresent();
        }

        @Override
        public String toString() {
            // the API key never reaches a log line
            return "ClassifierConfig[url=" + url.orElse(null) + ", model=" + model.orElse(null) + ", mode=" + mode + "]";
        }
    }

    /**
     * One step's category-score thresholds: a score at or above its category's threshold takes the step.
     *
     * @param every      the threshold of every category not listed; empty = off
     * @param byCategory per-category overrides (an empty value turns the step off for that category)
     */
    public record Thresholds(OptionalDouble every, Map<String, OptionalDouble> byCategory) {
        public static final Thresholds OFF = new Thresholds(OptionalDouble.empty(), Map.of());

        public Thresholds {
            byCategory = Map.copyOf(byCategory);
        }

        /** The threshold for {@code category}, empty when this step never applies to it. */
        public OptionalDouble of(String category) {
            return byCategory.getOrDefault(category, every);
        }

        /** As configured: "0.8,sexual/minors=0.2"; "off" when nothing applies. */
        public String describe() {
            List<String> parts = new ArrayList<>();
            if (every.isPresent()) {
                parts.add(Double.toString(every.getAsDouble()));
            }
            new TreeMap<>(byCategory).forEach((category, score) -> parts.add(category + "="
                    + (score.isPresent() ? Double.toString(score.getAsDouble()) : "off")));
            return parts.isEmpty() ? "off" : String.join(",", parts);
        }
    }

    /**
     * @param batchSize     {@code writer.batch_size}: most messages committed in one transaction, default 500
     * @param maxDelay      {@code writer.max_delay_ms}: longest a message waits for its batch to fill, default 2
     * @param queueCapacity {@code writer.queue_capacity}: pending messages before sends answer unavailable,
     *                      default 50000
     * @param threads       {@code writer.threads}: writer lanes, each committing its share of the rooms on its own
     *                      thread and connection; default 4 on PostgreSQL, 1 on the embedded store
     */
    public record WriterConfig(int batchSize, Duration maxDelay, int queueCapacity, int threads) {
        /** One lane (tests and tools). */
        public WriterConfig(int batchSize, Duration maxDelay, int queueCapacity) {
            this(batchSize, maxDelay, queueCapacity, 1);
        }
    }

    /**
     * @param defaultDays   {@code retention.default_days}: messages older than this many days are purged in rooms
     *                      without a retention of their own; 0 (the default) = kept forever
     * @param purgeInterval {@code retention.purge_interval_seconds}: time between purge passes, default 60
     * @param batchSize     {@code retention.batch_size}: messages deleted per purge transaction, default 500
     * @param maxRowsPerSecond {@code retention.max_rows_per_second}: the purge's pace, expired messages deleted per
     *                      second at most; 0 = as fast as the database allows; default 2000
     */
    public record RetentionConfig(int defaultDays, Duration purgeInterval, int batchSize, int maxRowsPerSecond) {
        /** The default retention in days, if the server has one. */
        public Optional<Integer> defaultRetention() {
            return defaultDays == 0 ? Optional.empty() : Optional.of(defaultDays);
        }
    }

    /**
     * @param maxFrameBytes         {@code ws.max_frame_bytes}: largest client frame/message, default 16384
     * @param idleTimeout           {@code ws.idle_timeout_seconds}: no frame for this long closes with 1001, default 90
     * @param handshakeTimeout      {@code ws.handshake_timeout_seconds}: HTTP request must arrive within, default 10
     * @param maxPendingBytes       {@code ws.max_pending_bytes}: bytes a connection is owed (broadcasts, replies,
     *                              errors, pongs) beyond what its socket took; more closes it with 4008, default 1 MiB
     * @param maxBadFrames          {@code ws.max_bad_frames}: bad frames within a minute that close with 1008, default 10
     * @param presenceTtl           {@code ws.presence_ttl_seconds}: silence after which a user leaves presence, default 120
     * @param typingTimeout         {@code ws.typing_timeout_ms}: auto "is_typing: false", default 3000
     * @param presenceListLimit     {@code ws.presence_list_limit}: people online up to which every join and leave is
     *                              told and room_state lists everyone, default 200
     * @param presenceTick          {@code ws.presence_tick_ms}: above the limit, joins and leaves are summed up at
     *                              most this often, default 2000
     * @param compression           {@code ws.compression}: offer permessage-deflate (RFC 7692) to clients that ask,
     *                              without context takeover; default false
     * @param maxAdmissions         {@code ws.max_admissions}: upgrades being admitted at once (token, room, membership);
     *                              more are answered 503 with Retry-After at once, default 2000
     * @param maxSubscriptions      {@code ws.max_subscriptions}: rooms one user stream may be subscribed to at once;
     *                              a subscribe beyond it is refused with {@code too_many_subscriptions}, default 100
     */
    public record WebSocketConfig(
            int maxFrameBytes,
            Duration idleTimeout,
            Duration handshakeTimeout,
            int maxPendingBytes,
            int maxBadFrames,
            Duration presenceTtl,
            Duration typingTimeout,
            int presenceListLimit,
            Duration presenceTick,
            boolean compression,
            int maxAdmissions,
            int maxSubscriptions) {
    }

    /**
     * @param dir       {@code web.dir}: the built web client served at {@code /lounge/}, default ./web/dist; when
     *                  it holds no index.html, /lounge/ says how to build it
     * @param devSignIn {@code web.dev_sign_in}: lets anyone pick a username at /lounge/ and get an access token
     *                  signed with the server's HS256 secret; default false, for local development only
     */
    public record WebConfig(Path dir, boolean devSignIn) {
    }

    /**
     * TLS on the public port. With a certificate configured {@code server.port} speaks only TLS (1.2 and 1.3).
     *
     * @param certFile      {@code tls.cert_file}: PEM certificate chain, the server's certificate first
     * @param keyFile       {@code tls.key_file}: PEM private key (PKCS#8, or PKCS#1 / SEC1 for RSA / EC keys)
     * @param plainPort     {@code tls.plain_port}: also listen in plain text on this port (e.g. for a proxy on the
     *                      same host); absent = no plain listener. 0 = any free port
     * @param provider      {@code tls.provider}: "auto" (default: OpenSSL when available, else the JDK),
     *                      "openssl" (required: the start fails without it) or "jdk"
     * @param watchInterval {@code tls.watch_interval_seconds}: how often the two files are checked for a
     *                      renewed pair, default 30; 0 = only on {@code POST /admin/tls/reload}
     * @param hstsMaxAge    {@code tls.hsts_max_age_seconds}: the Strict-Transport-Security max-age sent on TLS
     *                      responses, default one year; 0 = no header
     */
    public record TlsConfig(Optional<Path> certFile, Optional<Path> keyFile, Optional<Integer> plainPort,
                            String provider, Duration watchInterval, Duration hstsMaxAge) {
        public boolean enabled() {
            return certFile.isPresent();
        }
    }
}
