package dev.community.config;

import static dev.community.config.ConfigKeys.*;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds the one {@link ServerConfig} from four layers, each overriding the one before: the defaults in
 * {@link ConfigDefaults}, an optional properties file (named by {@code --config=PATH} or
 * {@code COMMUNITY_CONFIG}), {@code COMMUNITY_*} environment variables, and {@code --key=value} flags.
 * Everything is checked once, here: an unknown key, a value that does not parse or is out of range, or two
 * settings that contradict each other stop the start-up with a {@link ConfigException} naming the key.
 * An empty value clears an optional key (so a later layer can undo an earlier one) and is an error for a
 * key that must have a value.
 */
public final class ConfigLoader {

    /** The Standard Webhooks spelling of a secret: this prefix, then the key in base64. */
    static final String WEBHOOK_SECRET_PREFIX = "whsec_";
    /** Standard Webhooks asks for secrets of 24..64 bytes; 16 is the least an HMAC-SHA256 key should have. */
    static final int MIN_WEBHOOK_SECRET_BYTES = 16;
    static final int MAX_WEBHOOK_SECRET_BYTES = 64;
    static final int MAX_WEBHOOK_URL_CHARS = 2048;
    static final List<String> JWT_ALGORITHMS = List.of("HS256", "RS256", "ES256");
    static final List<String> LOG_FORMATS = List.of("text", "json");
    static final List<String> LOG_LEVELS = List.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");
    static final List<String> MODERATION_ACTIONS = List.of("reject", "hide", "flag");
    static final List<String> CLASSIFIER_ON_ERRORS = List.of("allow", "reject");
    static final List<String> CLASSIFIER_MODES = List.of("before_store", "after_store");
    /** A category name as moderation APIs spell them: "harassment", "self-harm/intent", "sexual/minors". */
    private static final Pattern CATEGORY = Pattern.compile("[A-Za-z0-9_./-]{1,64}");
    static final List<String> TLS_PROVIDERS = List.of("auto", "openssl", "jdk");
    /** The prefixes Lettuce's RedisURI understands. */
    static final List<String> REDIS_SCHEMES =
            List.of("redis://", "rediss://", "redis-socket://", "redis-sentinel://", "rediss-sentinel://");
    static final String POSTGRES_URL_PREFIX = "jdbc:postgresql:";
    private static final Pattern SLUG = Pattern.compile("[a-z0-9-]{1,64}");
    private static final Pattern BLOCKED_WORD = Pattern.compile("[\\p{L}\\p{N}'-]{1,64}");
    private static final int MAX_PORT = 65_535;
    private static final int AT_LEAST = Integer.MAX_VALUE;
    /** As long as the HS256 secret: 256 bits, out of reach of guessing. */
    static final int MIN_ADMIN_TOKEN_BYTES = 32;
    /**
     * The test suite's variables were once spelled COMMUNITY_TEST_* and collided with this namespace; they are
     * TEST_* now, and a shell that still exports an old one is told the new name.
     */
    private static final String OLD_TEST_PREFIX = ENV_PREFIX + "TEST_";

    private static final Set<String> KNOWN_KEYS = Set.copyOf(ALL);
    private static final Map<String, String> KEYS_BY_ENV_NAME = keysByNormalisedName();
    private static final Map<String, String> RETIRED_BY_ENV_NAME = retiredByNormalisedName();

    private ConfigLoader() {
    }

    /**
     * Loads and validates the configuration; with no JWT key configured, reads or creates the HS256 secret
     * file in {@code data.dir} (see {@link JwtSecretFile}).
     *
     * @param args the command-line arguments, each {@code --key=value} (including {@code --config=PATH})
     * @param env  the process environment; only names starting with {@code COMMUNITY_} are read
     * @throws ConfigException naming the key, flag, variable or file at fault
     */
    public static ServerConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Map<String, String> envValues = parseEnv(env);
        LayeredSettings settings = new LayeredSettings();
        defaults().forEach((key, value) -> settings.put(key, value, LayeredSettings.DEFAULT_SOURCE));
        Optional<Path> file = configFile(flags, env);
        if (file.isPresent()) {
            readFile(file.get(), flags.containsKey(CONFIG_FLAG) ? "--" + CONFIG_FLAG : CONFIG_ENV)
                    .forEach((key, value) -> settings.put(key, value, file.get().toString()));
        }
        envValues.forEach((key, value) -> settings.put(key, value, ConfigKeys.envName(key)));
        flags.forEach((key, value) -> {
            if (!CONFIG_FLAG.equals(key)) {
                settings.put(key, value, "--" + key);
            }
        });
        return build(settings);
    }

    /**
     * The effective configuration as {@code key = value} lines, one per key in {@link ConfigKeys#ALL}
     * order, for the start-up log. {@code auth.jwt.secret}, {@code db.password} and {@code admin.token}
     * read "****" when set, as does a password inside {@code db.url} or {@code redis.url}.
     */
    public static List<String> describe(ServerConfig config) {
        return ConfigDescription.lines(config);
    }

    // ---- layers -----------------------------------------------------------------------------------------

    /** The lowest layer, spelled as strings so it goes through exactly the checks an operator's value does. */
    private static Map<String, String> defaults() {
        Map<String, String> d = new HashMap<>();
        d.put(SERVER_HOST, ConfigDefaults.SERVER_HOST);
        d.put(SERVER_PORT, Integer.toString(ConfigDefaults.SERVER_PORT));
        d.put(ADMIN_HOST, ConfigDefaults.ADMIN_HOST);
        d.put(ADMIN_PORT, Integer.toString(ConfigDefaults.ADMIN_PORT));
        d.put(DATA_DIR, ConfigDefaults.DATA_DIR);
        d.put(JWT_ALGORITHM, ConfigDefaults.JWT_ALGORITHM);
        d.put(ALLOWED_ORIGINS, String.join(",", ConfigDefaults.ALLOWED_ORIGINS));
        d.put(REQUIRE_ORIGIN, Boolean.toString(ConfigDefaults.REQUIRE_ORIGIN));
        d.put(DB_POOL_SIZE, Integer.toString(ConfigDefaults.DB_POOL_SIZE));
        d.put(RATE_MESSAGES, Integer.toString(ConfigDefaults.RATE_MESSAGES));
        d.put(RATE_WINDOW_SECONDS, Integer.toString(ConfigDefaults.RATE_WINDOW_SECONDS));
        d.put(MAX_CONNECTIONS_PER_USER, Integer.toString(ConfigDefaults.MAX_CONNECTIONS_PER_USER));
        d.put(WS_REQUESTS_PER_SECOND, Integer.toString(ConfigDefaults.WS_REQUESTS_PER_SECOND));
        d.put(WS_REQUESTS_BURST, Integer.toString(ConfigDefaults.WS_REQUESTS_BURST));
        d.put(WS_RATE_LIMITED_STRIKES, Integer.toString(ConfigDefaults.WS_RATE_LIMITED_STRIKES));
        d.put(REST_REQUESTS_PER_SECOND, Integer.toString(ConfigDefaults.REST_REQUESTS_PER_SECOND));
        d.put(REST_REQUESTS_BURST, Integer.toString(ConfigDefaults.REST_REQUESTS_BURST));
        d.put(REST_CONCURRENT_REQUESTS, Integer.toString(ConfigDefaults.REST_CONCURRENT_REQUESTS));
        d.put(CONNECTION_TOKENS_PER_MINUTE, Integer.toString(ConfigDefaults.CONNECTION_TOKENS_PER_MINUTE));
        d.put(CONNECTION_TOKENS_BURST, Integer.toString(ConfigDefaults.CONNECTION_TOKENS_BURST));
        d.put(ANONYMOUS_REQUESTS_PER_SECOND, Integer.toString(ConfigDefaults.ANONYMOUS_REQUESTS_PER_SECOND));
        d.put(ANONYMOUS_REQUESTS_BURST, Integer.toString(ConfigDefaults.ANONYMOUS_REQUESTS_BURST));
        d.put(REACTIONS_PER_MINUTE, Integer.toString(ConfigDefaults.REACTIONS_PER_MINUTE));
        d.put(REACTIONS_BURST, Integer.toString(ConfigDefaults.REACTIONS_BURST));
        d.put(MAX_DISTINCT_REACTIONS, Integer.toString(ConfigDefaults.MAX_DISTINCT_REACTIONS));
        d.put(MAX_PINS_PER_ROOM, Integer.toString(ConfigDefaults.MAX_PINS_PER_ROOM));
        d.put(GROUP_DMS_PER_HOUR, Integer.toString(ConfigDefaults.GROUP_DMS_PER_HOUR));
        d.put(GROUP_DM_MAX_PARTICIPANTS, Integer.toString(ConfigDefaults.GROUP_DM_MAX_PARTICIPANTS));
        d.put(MAX_PIPELINED_REQUESTS, Integer.toString(ConfigDefaults.MAX_PIPELINED_REQUESTS));
        d.put(DEFAULT_FORUMS, String.join(",", ConfigDefaults.DEFAULT_FORUMS));
        d.put(MODERATION_BLOCKED_WORDS, String.join(",", ConfigDefaults.MODERATION_BLOCKED_WORDS));
        d.put(MODERATION_BLOCKED_PATTERNS, String.join(",", ConfigDefaults.MODERATION_BLOCKED_PATTERNS));
        d.put(MODERATION_ACTION, ConfigDefaults.MODERATION_ACTION);
        d.put(CLASSIFIER_TIMEOUT_MS, Integer.toString(ConfigDefaults.CLASSIFIER_TIMEOUT_MS));
        d.put(CLASSIFIER_FLAG_THRESHOLD, ConfigDefaults.CLASSIFIER_FLAG_THRESHOLD);
        d.put(CLASSIFIER_HIDE_THRESHOLD, ConfigDefaults.CLASSIFIER_HIDE_THRESHOLD);
        d.put(CLASSIFIER_REJECT_THRESHOLD, ConfigDefaults.CLASSIFIER_REJECT_THRESHOLD);
        d.put(CLASSIFIER_ON_ERROR, ConfigDefaults.CLASSIFIER_ON_ERROR);
        d.put(CLASSIFIER_MODE, ConfigDefaults.CLASSIFIER_MODE);
        d.put(CLASSIFIER_MAX_CONCURRENCY, Integer.toString(ConfigDefaults.CLASSIFIER_MAX_CONCURRENCY));
        d.put(CLASSIFIER_QUEUE_CAPACITY, Integer.toString(ConfigDefaults.CLASSIFIER_QUEUE_CAPACITY));
        d.put(WRITER_BATCH_SIZE, Integer.toString(ConfigDefaults.WRITER_BATCH_SIZE));
        d.put(WRITER_MAX_DELAY_MS, Integer.toString(ConfigDefaults.WRITER_MAX_DELAY_MS));
        d.put(WRITER_QUEUE_CAPACITY, Integer.toString(ConfigDefaults.WRITER_QUEUE_CAPACITY));
        d.put(WRITER_THREADS, Integer.toString(ConfigDefaults.WRITER_THREADS));
        d.put(RETENTION_DEFAULT_DAYS, Integer.toString(ConfigDefaults.RETENTION_DEFAULT_DAYS));
        d.put(RETENTION_PURGE_INTERVAL_SECONDS, Integer.toString(ConfigDefaults.RETENTION_PURGE_INTERVAL_SECONDS));
        d.put(RETENTION_BATCH_SIZE, Integer.toString(ConfigDefaults.RETENTION_BATCH_SIZE));
        d.put(RETENTION_MAX_ROWS_PER_SECOND, Integer.toString(ConfigDefaults.RETENTION_MAX_ROWS_PER_SECOND));
        d.put(WEBHOOKS_TIMEOUT_MS, Integer.toString(ConfigDefaults.WEBHOOKS_TIMEOUT_MS));
        d.put(WEBHOOKS_CONCURRENCY, Integer.toString(ConfigDefaults.WEBHOOKS_CONCURRENCY));
        d.put(WEBHOOKS_RETRY_HORIZON_SECONDS, Integer.toString(ConfigDefaults.WEBHOOKS_RETRY_HORIZON_SECONDS));
        d.put(WEBHOOKS_BATCH_MAX, Integer.toString(ConfigDefaults.WEBHOOKS_BATCH_MAX));
        d.put(WS_MAX_FRAME_BYTES, Integer.toString(ConfigDefaults.WS_MAX_FRAME_BYTES));
        d.put(WS_IDLE_TIMEOUT_SECONDS, Integer.toString(ConfigDefaults.WS_IDLE_TIMEOUT_SECONDS));
        d.put(WS_HANDSHAKE_TIMEOUT_SECONDS, Integer.toString(ConfigDefaults.WS_HANDSHAKE_TIMEOUT_SECONDS));
        d.put(WS_MAX_PENDING_BYTES, Integer.toString(ConfigDefaults.WS_MAX_PENDING_BYTES));
        d.put(WS_MAX_BAD_FRAMES, Integer.toString(ConfigDefaults.WS_MAX_BAD_FRAMES));
        d.put(WS_PRESENCE_TTL_SECONDS, Integer.toString(ConfigDefaults.WS_PRESENCE_TTL_SECONDS));
        d.put(WS_TYPING_TIMEOUT_MS, Integer.toString(ConfigDefaults.WS_TYPING_TIMEOUT_MS));
        d.put(WS_PRESENCE_LIST_LIMIT, Integer.toString(ConfigDefaults.WS_PRESENCE_LIST_LIMIT));
        d.put(WS_PRESENCE_TICK_MS, Integer.toString(ConfigDefaults.WS_PRESENCE_TICK_MS));
        d.put(WS_MAX_ADMISSIONS, Integer.toString(ConfigDefaults.WS_MAX_ADMISSIONS));
        d.put(WS_MAX_SUBSCRIPTIONS, Integer.toString(ConfigDefaults.WS_MAX_SUBSCRIPTIONS));
        d.put(EVENT_LOOP_THREADS, Integer.toString(ConfigDefaults.EVENT_LOOP_THREADS));
        d.put(BLOCKING_THREADS, Integer.toString(ConfigDefaults.BLOCKING_THREADS));
        d.put(SHUTDOWN_GRACE_SECONDS, Integer.toString(ConfigDefaults.SHUTDOWN_GRACE_SECONDS));
        d.put(LOG_FORMAT, ConfigDefaults.LOG_FORMAT);
        d.put(LOG_LEVEL, ConfigDefaults.LOG_LEVEL);
        d.put(WEB_DIR, ConfigDefaults.WEB_DIR);
        d.put(WEB_DEV_SIGN_IN, Boolean.toString(ConfigDefaults.WEB_DEV_SIGN_IN));
        d.put(TLS_PROVIDER, ConfigDefaults.TLS_PROVIDER);
        d.put(TLS_WATCH_INTERVAL_SECONDS, Integer.toString(ConfigDefaults.TLS_WATCH_INTERVAL_SECONDS));
        d.put(TLS_HSTS_MAX_AGE_SECONDS, Integer.toString(ConfigDefaults.TLS_HSTS_MAX_AGE_SECONDS));
        d.put(TRUSTED_PROXIES, String.join(",", ConfigDefaults.TRUSTED_PROXIES));
        d.put(WS_COMPRESSION, Boolean.toString(ConfigDefaults.WS_COMPRESSION));
        return d;
    }

    /** {@code --key=value} only; a later repeat of a flag wins, like a later layer. */
    private static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--")) {
                throw new ConfigException("unexpected argument '" + arg + "': every argument must be --key=value");
            }
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new ConfigException("flag " + arg + " has no value: write " + arg + "=value");
            }
            String key = arg.substring(2, eq);
            refuseRetired(key, "flag --" + key);
            if (!KNOWN_KEYS.contains(key) && !CONFIG_FLAG.equals(key)) {
                throw new ConfigException("unknown flag --" + key + ": there is no key named '" + key + "'");
            }
            flags.put(key, arg.substring(eq + 1));
        }
        return flags;
    }

    /** {@code COMMUNITY_*} variables mapped to their keys; every other variable is none of our business. */
    private static Map<String, String> parseEnv(Map<String, String> env) {
        Map<String, String> values = new HashMap<>();
        Map<String, String> setBy = new HashMap<>();
        // Sorted, so that which of two offending variables is reported does not depend on hashing.
        for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
            String name = entry.getKey();
            if (!name.startsWith(ENV_PREFIX) || CONFIG_ENV.equals(name)) {
                continue;
            }
            String normalised = ConfigKeys.normalise(name.substring(ENV_PREFIX.length()));
            String retired = RETIRED_BY_ENV_NAME.get(normalised);
            if (retired != null) {
                refuseRetired(retired, "environment variable " + name);
            }
            String key = KEYS_BY_ENV_NAME.get(normalised);
            if (key == null) {
                throw new ConfigException("unknown environment variable " + name
                        + ": COMMUNITY_* variables must name a configuration key (e.g. COMMUNITY_SERVER_PORT)"
                        + (name.startsWith(OLD_TEST_PREFIX) ? "; the tests read " + name.substring(ENV_PREFIX.length())
                                + " now: unset " + name : ""));
            }
            String earlier = setBy.put(key, name);
            if (earlier != null) {
                throw new ConfigException("environment variables " + earlier + " and " + name
                        + " both set " + key + ": keep one");
            }
            values.put(key, entry.getValue());
        }
        return values;
    }

    /** The flag names the file, else the variable; an empty name means "no file", so a flag can undo the variable. */
    private static Optional<Path> configFile(Map<String, String> flags, Map<String, String> env) {
        String from = flags.containsKey(CONFIG_FLAG) ? "--" + CONFIG_FLAG : CONFIG_ENV;
        String name = flags.containsKey(CONFIG_FLAG) ? flags.get(CONFIG_FLAG) : env.getOrDefault(CONFIG_ENV, "");
        if (name.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Path.of(name.strip()));
        } catch (InvalidPathException e) {
            throw new ConfigException("config file named by " + from + " is not a valid path: '" + name + "'", e);
        }
    }

    private static Map<String, String> readFile(Path file, String namedBy) {
        if (!Files.exists(file)) {
            throw new ConfigException("config file " + file + " named by " + namedBy + " does not exist");
        }
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " named by " + namedBy + " is not a regular file");
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("config file " + file + " named by " + namedBy + " cannot be read: " + e, e);
        }
        Map<String, String> values = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            refuseRetired(key, "key '" + key + "' in config file " + file);
            if (!KNOWN_KEYS.contains(key)) {
                throw new ConfigException("unknown key '" + key + "' in config file " + file);
            }
            values.put(key, properties.getProperty(key));
        }
        return values;
    }

    /** An old configuration must not start with a setting silently dropped: name what replaced it. */
    private static void refuseRetired(String key, String where) {
        String advice = RETIRED.get(key);
        if (advice != null) {
            throw new ConfigException(where + " is no longer read: " + key + " was " + advice
                    + "; see docs/OPERATIONS.md");
        }
    }

    private static Map<String, String> keysByNormalisedName() {
        Map<String, String> byName = new HashMap<>();
        for (String key : ALL) {
            if (byName.put(ConfigKeys.normalise(key), key) != null) {
                throw new IllegalStateException("two keys share the environment name of " + key);
            }
        }
        return Map.copyOf(byName);
    }

    private static Map<String, String> retiredByNormalisedName() {
        Map<String, String> byName = new HashMap<>();
        RETIRED.keySet().forEach(key -> byName.put(ConfigKeys.normalise(key), key));
        return Map.copyOf(byName);
    }

    // ---- validation -------------------------------------------------------------------------------------

    private static ServerConfig build(LayeredSettings s) {
        String publicHost = s.required(SERVER_HOST);
        int publicPort = s.integer(SERVER_PORT, 0, MAX_PORT);
        String adminHost = s.required(ADMIN_HOST);
        int adminPort = s.integer(ADMIN_PORT, 0, MAX_PORT);
        if (publicPort != 0 && publicPort == adminPort) {
            throw s.error(SERVER_PORT + " and " + ADMIN_PORT + " must differ (both are " + publicPort + ")",
                    SERVER_PORT, ADMIN_PORT);
        }
        Optional<String> adminToken = s.optional(ADMIN_TOKEN);
        if (adminToken.isPresent() && adminToken.get().getBytes(StandardCharsets.UTF_8).length < MIN_ADMIN_TOKEN_BYTES) {
            // The admin API can disconnect anyone and broadcast to every room: a guessable token is an open door.
            throw s.error(ADMIN_TOKEN + " must be at least " + MIN_ADMIN_TOKEN_BYTES + " bytes (got "
                    + adminToken.get().getBytes(StandardCharsets.UTF_8).length + "); generate one with"
                    + " `openssl rand -base64 32`", ADMIN_TOKEN);
        }
        Path dataDir = path(s, DATA_DIR);
        List<String> allowedOrigins = origins(s);
        boolean requireOrigin = s.bool(REQUIRE_ORIGIN);
        ServerConfig.DatabaseConfig database = database(s);
        Optional<String> redisUrl = redisUrl(s);
        int rateMessages = s.integer(RATE_MESSAGES, 1, AT_LEAST);
        int rateWindowSeconds = s.integer(RATE_WINDOW_SECONDS, 1, AT_LEAST);
        int maxConnections = s.integer(MAX_CONNECTIONS_PER_USER, 1, AT_LEAST);
        ServerConfig.LimitsConfig limits = limits(s);
        List<String> forums = forums(s);
        ServerConfig.ModerationConfig moderation = moderation(s);
        ServerConfig.WriterConfig writer = writer(s, database);
        ServerConfig.WebSocketConfig ws = webSocket(s);
        int eventLoopThreads = s.integer(EVENT_LOOP_THREADS, 0, 1024);
        int blockingThreads = s.integer(BLOCKING_THREADS, 1, 1024);
        int shutdownGraceSeconds = s.integer(SHUTDOWN_GRACE_SECONDS, 0, 3600);
        String logFormat = s.choice(LOG_FORMAT, LOG_FORMATS);
        String logLevel = s.choice(LOG_LEVEL, LOG_LEVELS);
        ServerConfig.WebConfig web = web(s);
        ServerConfig.TlsConfig tls = tls(s, publicPort, adminPort);
        List<AddressBlock> trustedProxies = trustedProxies(s);
        Optional<Path> redisTlsCaFile = readableFile(s, REDIS_TLS_CA_FILE);
        ServerConfig.RetentionConfig retention = new ServerConfig.RetentionConfig(
                s.integer(RETENTION_DEFAULT_DAYS, 0, 36_500),
                Duration.ofSeconds(s.integer(RETENTION_PURGE_INTERVAL_SECONDS, 1, 86_400)),
                s.integer(RETENTION_BATCH_SIZE, 1, 10_000),
                s.integer(RETENTION_MAX_ROWS_PER_SECOND, 0, 1_000_000));
        ServerConfig.WebhooksConfig webhooks = webhooks(s);
        // Last: it may create a file, which only a configuration that is otherwise valid deserves.
        ServerConfig.JwtConfig jwt = jwt(s, dataDir);
        return new ServerConfig(publicHost, publicPort, adminHost, adminPort, adminToken, dataDir, jwt,
                allowedOrigins, requireOrigin, database, redisUrl, rateMessages, Duration.ofSeconds(rateWindowSeconds),
                maxConnections, limits, forums, moderation, writer, ws, eventLoopThreads, blockingThreads,
                Duration.ofSeconds(shutdownGraceSeconds), logFormat, logLevel, web, tls, trustedProxies,
                redisTlsCaFile, retention, webhooks);
    }

    /**
     * The {@code webhooks.*} keys: every URL absolute http(s), a secret whenever there is a URL (an unsigned
     * webhook could be forged by anyone who can reach the receiver), events from the known list.
     */
    private static ServerConfig.WebhooksConfig webhooks(LayeredSettings s) {
        List<URI> urls = new ArrayList<>();
        for (String entry : s.list(WEBHOOKS_URL)) {
            URI uri;
            try {
                uri = new URI(entry);
            } catch (URISyntaxException e) {
                throw s.error(WEBHOOKS_URL + " has an entry that is no URL: '" + entry + "'", WEBHOOKS_URL);
            }
            if (!("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    || uri.getHost() == null) {
                throw s.error(WEBHOOKS_URL + " entries must be absolute http:// or https:// URLs (got '" + entry
                        + "')", WEBHOOKS_URL);
            }
            if (entry.length() > MAX_WEBHOOK_URL_CHARS) {
                // the outbox stores the endpoint per row (webhook_outbox.endpoint, varchar 2048)
                throw s.error(WEBHOOKS_URL + " entries must be at most " + MAX_WEBHOOK_URL_CHARS + " characters",
                        WEBHOOKS_URL);
            }
            urls.add(uri);
        }
        Optional<byte[]> secret = Optional.empty();
        Optional<String> rawSecret = s.optional(WEBHOOKS_SECRET);
        if (rawSecret.isPresent()) {
            String text = rawSecret.get().strip();
            String base64 = text.startsWith(WEBHOOK_SECRET_PREFIX) ? text.substring(WEBHOOK_SECRET_PREFIX.length()) : text;
            byte[] key;
            try {
                key = java.util.Base64.getDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw s.error(WEBHOOKS_SECRET + " must be base64, optionally prefixed with whsec_ (the Standard"
                        + " Webhooks spelling); generate one with `echo whsec_$(openssl rand -base64 32)`", WEBHOOKS_SECRET);
            }
            if (key.length < MIN_WEBHOOK_SECRET_BYTES || key.length > MAX_WEBHOOK_SECRET_BYTES) {
                throw s.error(WEBHOOKS_SECRET + " must decode to " + MIN_WEBHOOK_SECRET_BYTES + ".."
                        + MAX_WEBHOOK_SECRET_BYTES + " bytes (got " + key.length + ")", WEBHOOKS_SECRET);
            }
            secret = Optional.of(key);
        }
        if (!urls.isEmpty() && secret.isEmpty()) {
            throw s.error(WEBHOOKS_URL + " needs " + WEBHOOKS_SECRET + ": receivers verify every request with it",
                    WEBHOOKS_URL, WEBHOOKS_SECRET);
        }
        List<String> events = s.list(WEBHOOKS_EVENTS);
        for (String event : events) {
            if (!ServerConfig.WebhooksConfig.EVENT_TYPES.contains(event)) {
                throw s.error(WEBHOOKS_EVENTS + " names no event type the server sends: '" + event + "'; the types are "
                        + String.join(", ", ServerConfig.WebhooksConfig.EVENT_TYPES), WEBHOOKS_EVENTS);
            }
        }
        return new ServerConfig.WebhooksConfig(List.copyOf(urls), secret,
                events.isEmpty() ? ServerConfig.WebhooksConfig.EVENT_TYPES : List.copyOf(events),
                Duration.ofMillis(s.integer(WEBHOOKS_TIMEOUT_MS, 100, 120_000)),
                s.integer(WEBHOOKS_CONCURRENCY, 1, 256),
                Duration.ofSeconds(s.integer(WEBHOOKS_RETRY_HORIZON_SECONDS, 1, 30 * 86_400)),
                s.integer(WEBHOOKS_BATCH_MAX, 1, ServerConfig.WebhooksConfig.MAX_BATCH));
    }

    /** Dev sign-in mints tokens with the HS256 secret, so it cannot work when tokens are verified with a public key. */
    private static ServerConfig.WebConfig web(LayeredSettings s) {
        boolean devSignIn = s.bool(WEB_DEV_SIGN_IN);
        if (devSignIn && !s.choice(JWT_ALGORITHM, JWT_ALGORITHMS).equals("HS256")) {
            throw s.error(WEB_DEV_SIGN_IN + " needs " + JWT_ALGORITHM + " HS256: with a public key the server cannot sign"
                    + " tokens", WEB_DEV_SIGN_IN, JWT_ALGORITHM);
        }
        return new ServerConfig.WebConfig(path(s, WEB_DIR), devSignIn);
    }

    /**
     * The certificate and key come together; whether they parse and belong together is checked when the server
     * loads them (the same check a renewed pair goes through). The plain listener only makes sense beside TLS.
     */
    private static ServerConfig.TlsConfig tls(LayeredSettings s, int publicPort, int adminPort) {
        Optional<Path> cert = readableFile(s, TLS_CERT_FILE);
        Optional<Path> key = readableFile(s, TLS_KEY_FILE);
        if (cert.isPresent() != key.isPresent()) {
            throw s.error(TLS_CERT_FILE + " and " + TLS_KEY_FILE + " must be set together", TLS_CERT_FILE, TLS_KEY_FILE);
        }
        Optional<Integer> plainPort = Optional.empty();
        if (s.optional(TLS_PLAIN_PORT).isPresent()) {
            if (cert.isEmpty()) {
                throw s.error(TLS_PLAIN_PORT + " needs " + TLS_CERT_FILE + " and " + TLS_KEY_FILE + ": without TLS "
                        + SERVER_PORT + " is already plain text", TLS_PLAIN_PORT);
            }
            int port = s.integer(TLS_PLAIN_PORT, 0, MAX_PORT);
            if (port != 0 && (port == publicPort || port == adminPort)) {
                throw s.error(TLS_PLAIN_PORT + " must differ from " + SERVER_PORT + " and " + ADMIN_PORT + " (got "
                        + port + ")", TLS_PLAIN_PORT, SERVER_PORT, ADMIN_PORT);
            }
            plainPort = Optional.of(port);
        }
        String provider = s.choice(TLS_PROVIDER, TLS_PROVIDERS);
        int watchSeconds = s.integer(TLS_WATCH_INTERVAL_SECONDS, 0, 86_400);
        int hstsSeconds = s.integer(TLS_HSTS_MAX_AGE_SECONDS, 0, AT_LEAST);
        return new ServerConfig.TlsConfig(cert, key, plainPort, provider, Duration.ofSeconds(watchSeconds),
                Duration.ofSeconds(hstsSeconds));
    }

    private static List<AddressBlock> trustedProxies(LayeredSettings s) {
        Set<AddressBlock> blocks = new LinkedHashSet<>();
        for (String entry : s.list(TRUSTED_PROXIES)) {
            AddressBlock block;
            try {
                block = AddressBlock.parse(entry);
            } catch (IllegalArgumentException e) {
                throw s.error(TRUSTED_PROXIES + " entries must be IP addresses or CIDR blocks: " + e.getMessage(),
                        TRUSTED_PROXIES);
            }
            if (!blocks.add(block)) {
                throw s.error(TRUSTED_PROXIES + " lists " + block + " twice", TRUSTED_PROXIES);
            }
        }
        return List.copyOf(blocks);
    }

    /** An optional key naming a file the server must be able to read. */
    private static Optional<Path> readableFile(LayeredSettings s, String key) {
        if (s.optional(key).isEmpty()) {
            return Optional.empty();
        }
        Path file = path(s, key);
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw s.error(key + " must be a readable file (got " + s.quoted(key) + ")", key);
        }
        return Optional.of(file);
    }

    private static Path path(LayeredSettings s, String key) {
        String value = s.required(key);
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw s.error(key + " is not a valid path (got " + s.quoted(key) + ")", key);
        }
    }

    /**
     * Each entry must be an origin as browsers send it, {@code scheme://host[:port]}, so that comparing it
     * with the {@code Origin} header is a plain string match: lower-cased, default port dropped.
     */
    private static List<String> origins(LayeredSettings s) {
        Set<String> origins = new LinkedHashSet<>();
        for (String entry : s.list(ALLOWED_ORIGINS)) {
            String rule = ALLOWED_ORIGINS + " entries must be http(s)://host[:port] with no path (got '" + entry + "')";
            URI uri;
            try {
                uri = new URI(entry);
            } catch (URISyntaxException e) {
                throw s.error(rule, ALLOWED_ORIGINS);
            }
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean shaped = (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null
                    && uri.getRawUserInfo() == null && (uri.getRawPath() == null || uri.getRawPath().isEmpty())
                    && uri.getRawQuery() == null && uri.getRawFragment() == null;
            if (!shaped) {
                throw s.error(rule, ALLOWED_ORIGINS);
            }
            int defaultPort = scheme.equals("http") ? 80 : 443;
            int port = uri.getPort();
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            origins.add(scheme + "://" + host + (port == -1 || port == defaultPort ? "" : ":" + port));
        }
        return List.copyOf(origins);
    }

    private static ServerConfig.DatabaseConfig database(LayeredSettings s) {
        Optional<String> url = s.optional(DB_URL);
        if (url.isPresent() && !url.get().startsWith(POSTGRES_URL_PREFIX)) {
            throw s.error(DB_URL + " must start with " + POSTGRES_URL_PREFIX + " (got '"
                    + ConfigDescription.maskUrl(url.get()) + "')", DB_URL);
        }
        return new ServerConfig.DatabaseConfig(url, s.optional(DB_USER), s.optional(DB_PASSWORD),
                s.integer(DB_POOL_SIZE, 1, 500));
    }

    private static Optional<String> redisUrl(LayeredSettings s) {
        Optional<String> url = s.optional(REDIS_URL);
        if (url.isPresent()) {
            boolean known = REDIS_SCHEMES.stream()
                    .anyMatch(scheme -> url.get().startsWith(scheme) && url.get().length() > scheme.length());
            if (!known) {
                throw s.error(REDIS_URL + " must start with one of " + String.join(", ", REDIS_SCHEMES)
                        + " and name a host (got '" + ConfigDescription.maskUrl(url.get()) + "')", REDIS_URL);
            }
        }
        return url;
    }

    private static List<String> forums(LayeredSettings s) {
        Set<String> slugs = new LinkedHashSet<>();
        for (String slug : s.list(DEFAULT_FORUMS)) {
            if (!SLUG.matcher(slug).matches()) {
                throw s.error(DEFAULT_FORUMS + " entries must be slugs of 1-64 characters a-z, 0-9 and '-' (got '"
                        + slug + "')", DEFAULT_FORUMS);
            }
            if (!slugs.add(slug)) {
                throw s.error(DEFAULT_FORUMS + " lists '" + slug + "' twice", DEFAULT_FORUMS);
            }
        }
        return List.copyOf(slugs);
    }

    /**
     * Words are single tokens of letters, digits, '-' and '\'' (so a whole-word match means something) and are
     * kept lower-cased; patterns must compile. A repeated entry is an error, as in every other list.
     */
    private static ServerConfig.ModerationConfig moderation(LayeredSettings s) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : s.list(MODERATION_BLOCKED_WORDS)) {
            if (!BLOCKED_WORD.matcher(word).matches()) {
                throw s.error(MODERATION_BLOCKED_WORDS + " entries must be single words of letters,"
                        + " digits, hyphens and apostrophes"
                        + " (got '" + word + "')", MODERATION_BLOCKED_WORDS);
            }
            if (!words.add(word.toLowerCase(Locale.ROOT))) {
                throw s.error(MODERATION_BLOCKED_WORDS + " lists '" + word + "' twice", MODERATION_BLOCKED_WORDS);
            }
        }
        Set<String> patterns = new LinkedHashSet<>();
        for (String pattern : patterns(s, MODERATION_BLOCKED_PATTERNS)) {
            try {
                Pattern.compile(pattern);
            } catch (PatternSyntaxException e) {
                throw s.error(MODERATION_BLOCKED_PATTERNS + " entry '" + pattern + "' is not a valid regular expression: "
                        + e.getDescription(), MODERATION_BLOCKED_PATTERNS);
            }
            if (!patterns.add(pattern)) {
                throw s.error(MODERATION_BLOCKED_PATTERNS + " lists '" + pattern + "' twice", MODERATION_BLOCKED_PATTERNS);
            }
        }
        String action = s.choice(MODERATION_ACTION, MODERATION_ACTIONS);
        return new ServerConfig.ModerationConfig(List.copyOf(words), List.copyOf(patterns), action, classifier(s));
    }

    /** The {@code moderation.classifier.*} keys; without a URL the others are still checked, so a typo shows. */
    private static ServerConfig.ClassifierConfig classifier(LayeredSettings s) {
        Optional<URI> url = s.optional(CLASSIFIER_URL).map(value -> {
            URI uri;
            try {
                uri = new URI(value);
            } catch (URISyntaxException e) {
                uri = null;
            }
            String scheme = uri == null || uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
                throw s.error(CLASSIFIER_URL + " must be an http:// or https:// URL with a host (got "
                        + s.quoted(CLASSIFIER_URL) + ")", CLASSIFIER_URL);
            }
            return uri;
        });
        return new ServerConfig.ClassifierConfig(url, s.optional(CLASSIFIER_API_KEY), s.optional(CLASSIFIER_MODEL),
                Duration.ofMillis(s.integer(CLASSIFIER_TIMEOUT_MS, 1, 60_000)),
                thresholds(s, CLASSIFIER_FLAG_THRESHOLD), thresholds(s, CLASSIFIER_HIDE_THRESHOLD),
                thresholds(s, CLASSIFIER_REJECT_THRESHOLD),
                s.choice(CLASSIFIER_ON_ERROR, CLASSIFIER_ON_ERRORS), s.choice(CLASSIFIER_MODE, CLASSIFIER_MODES),
                s.integer(CLASSIFIER_MAX_CONCURRENCY, 1, 1024), s.integer(CLASSIFIER_QUEUE_CAPACITY, 0, 1_000_000));
    }

    /**
     * A threshold list: at most one bare score (every category) and {@code category=score} overrides, where a
     * score is a number in (0, 1] or {@code off}; an empty value is off for every category.
     */
    private static ServerConfig.Thresholds thresholds(LayeredSettings s, String key) {
        OptionalDouble every = OptionalDouble.empty();
        boolean everySeen = false;
        Map<String, OptionalDouble> byCategory = new LinkedHashMap<>();
        String rule = key + " entries are a score in (0, 1] or off, or category=score (got '%s')";
        for (String entry : s.list(key)) {
            int eq = entry.indexOf('=');
            String category = eq < 0 ? null : entry.substring(0, eq).strip();
            String value = (eq < 0 ? entry : entry.substring(eq + 1)).strip();
            OptionalDouble score;
            if (value.equalsIgnoreCase("off")) {
                score = OptionalDouble.empty();
            } else {
                double parsed;
                try {
                    parsed = Double.parseDouble(value);
                } catch (NumberFormatException e) {
                    throw s.error(rule.formatted(entry), key);
                }
                if (!(parsed > 0 && parsed <= 1)) {
                    throw s.error(rule.formatted(entry), key);
                }
                score = OptionalDouble.of(parsed);
            }
            if (category == null) {
                if (everySeen) {
                    throw s.error(key + " has more than one score for every category (got " + s.quoted(key) + ")", key);
                }
                everySeen = true;
                every = score;
            } else {
                if (!CATEGORY.matcher(category).matches()) {
                    throw s.error(rule.formatted(entry), key);
                }
                if (byCategory.put(category, score) != null) {
                    throw s.error(key + " lists '" + category + "' twice", key);
                }
            }
        }
        return new ServerConfig.Thresholds(every, Map.copyOf(byCategory));
    }

    /**
     * A comma-separated list of regular expressions, where {@code \,} is a comma inside a pattern (it becomes
     * a plain ',', which means the same to the regex engine and also works in {@code {m,n}}); a backslash
     * before any other character is left for the regex engine, so {@code \\,} still ends a pattern.
     */
    static List<String> patterns(LayeredSettings s, String key) {
        String value = s.optional(key).orElse("");
        if (value.isEmpty()) {
            return List.of();
        }
        List<String> entries = new java.util.ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length()) {
                char next = value.charAt(++i);
                if (next != ',') {
                    current.append(c);
                }
                current.append(next);
            } else if (c == ',') {
                entries.add(current.toString().strip());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        entries.add(current.toString().strip());
        if (entries.contains("")) {
            throw s.error(key + " has an empty entry (got " + s.quoted(key) + ")", key);
        }
        return List.copyOf(entries);
    }

    private static ServerConfig.WriterConfig writer(LayeredSettings s, ServerConfig.DatabaseConfig database) {
        int batchSize = s.integer(WRITER_BATCH_SIZE, 1, 10_000);
        int maxDelayMs = s.integer(WRITER_MAX_DELAY_MS, 0, 1000);
        int queueCapacity = s.integer(WRITER_QUEUE_CAPACITY, 1, AT_LEAST);
        if (queueCapacity < batchSize) {
            // A queue smaller than a batch could never fill one: the batch size would be a lie.
            throw s.error(WRITER_QUEUE_CAPACITY + " must be at least " + WRITER_BATCH_SIZE + " (" + batchSize
                    + ") (got " + queueCapacity + ")", WRITER_QUEUE_CAPACITY, WRITER_BATCH_SIZE);
        }
        int threads = s.integer(WRITER_THREADS, 0, 64);
        if (threads == 0) {
            threads = database.embedded() ? 1 : ConfigDefaults.WRITER_THREADS_POSTGRES;
        }
        return new ServerConfig.WriterConfig(batchSize, Duration.ofMillis(maxDelayMs), queueCapacity, threads);
    }

    private static ServerConfig.WebSocketConfig webSocket(LayeredSettings s) {
        int maxFrameBytes = s.integer(WS_MAX_FRAME_BYTES, 1024, 1_048_576);
        int idleSeconds = s.integer(WS_IDLE_TIMEOUT_SECONDS, 1, AT_LEAST);
        int handshakeSeconds = s.integer(WS_HANDSHAKE_TIMEOUT_SECONDS, 1, AT_LEAST);
        // At least four full frames: a budget smaller than one reply would close every well-behaved client.
        int maxPending = s.integer(WS_MAX_PENDING_BYTES, 4 * maxFrameBytes, AT_LEAST);
        int maxBadFrames = s.integer(WS_MAX_BAD_FRAMES, 1, AT_LEAST);
        int presenceSeconds = s.integer(WS_PRESENCE_TTL_SECONDS, 1, AT_LEAST);
        int typingMs = s.integer(WS_TYPING_TIMEOUT_MS, 1, AT_LEAST);
        int presenceListLimit = s.integer(WS_PRESENCE_LIST_LIMIT, 1, 100_000);
        int presenceTickMs = s.integer(WS_PRESENCE_TICK_MS, 100, 60_000);
        boolean compression = s.bool(WS_COMPRESSION);
        int maxAdmissions = s.integer(WS_MAX_ADMISSIONS, 1, 1_000_000);
        int maxSubscriptions = s.integer(WS_MAX_SUBSCRIPTIONS, 1, 10_000);
        return new ServerConfig.WebSocketConfig(maxFrameBytes, Duration.ofSeconds(idleSeconds),
                Duration.ofSeconds(handshakeSeconds), maxPending, maxBadFrames,
                Duration.ofSeconds(presenceSeconds), Duration.ofMillis(typingMs), presenceListLimit,
                Duration.ofMillis(presenceTickMs), compression, maxAdmissions, maxSubscriptions);
    }

    private static ServerConfig.LimitsConfig limits(LayeredSettings s) {
        return new ServerConfig.LimitsConfig(
                rate(s, WS_REQUESTS_PER_SECOND, WS_REQUESTS_BURST, Duration.ofSeconds(1)),
                s.integer(WS_RATE_LIMITED_STRIKES, 1, AT_LEAST),
                rate(s, REST_REQUESTS_PER_SECOND, REST_REQUESTS_BURST, Duration.ofSeconds(1)),
                s.integer(REST_CONCURRENT_REQUESTS, 1, 10_000),
                rate(s, CONNECTION_TOKENS_PER_MINUTE, CONNECTION_TOKENS_BURST, Duration.ofMinutes(1)),
                rate(s, ANONYMOUS_REQUESTS_PER_SECOND, ANONYMOUS_REQUESTS_BURST, Duration.ofSeconds(1)),
                rate(s, REACTIONS_PER_MINUTE, REACTIONS_BURST, Duration.ofMinutes(1)),
                s.integer(MAX_DISTINCT_REACTIONS, 1, 1000),
                s.integer(MAX_PINS_PER_ROOM, 1, 1000),
                rate(s, GROUP_DMS_PER_HOUR, GROUP_DMS_PER_HOUR, Duration.ofHours(1)),
                s.integer(GROUP_DM_MAX_PARTICIPANTS, 3, 1000),
                s.integer(MAX_PIPELINED_REQUESTS, 0, 1024));
    }

    /** A token bucket from a refill key and a burst key (the same key when the burst is the refill). */
    private static ServerConfig.Rate rate(LayeredSettings s, String refillKey, String burstKey, Duration period) {
        return new ServerConfig.Rate(s.integer(burstKey, 1, AT_LEAST), s.integer(refillKey, 1, AT_LEAST), period);
    }

    /**
     * RS256/ES256 verify with a public key file and must not also carry a secret; HS256 takes the configured
     * secret (long enough to be one) or the one generated in {@code data.dir} — never a built-in default.
     */
    private static ServerConfig.JwtConfig jwt(LayeredSettings s, Path dataDir) {
        String algorithm = s.choice(JWT_ALGORITHM, JWT_ALGORITHMS);
        Optional<String> secret = s.optional(JWT_SECRET);
        Optional<String> issuer = s.optional(JWT_ISSUER);
        Optional<String> audience = s.optional(JWT_AUDIENCE);
        if (!algorithm.equals("HS256")) {
            if (secret.isPresent()) {
                throw s.error(JWT_SECRET + " must not be set when " + JWT_ALGORITHM + " is " + algorithm
                        + " (it verifies with " + JWT_PUBLIC_KEY_FILE + ")", JWT_SECRET, JWT_ALGORITHM);
            }
            if (s.optional(JWT_PUBLIC_KEY_FILE).isEmpty()) {
                throw s.error(JWT_PUBLIC_KEY_FILE + " is required when " + JWT_ALGORITHM + " is " + algorithm,
                        JWT_ALGORITHM);
            }
            Path keyFile = path(s, JWT_PUBLIC_KEY_FILE);
            if (!Files.isRegularFile(keyFile) || !Files.isReadable(keyFile)) {
                throw s.error(JWT_PUBLIC_KEY_FILE + " must be a readable file (got " + s.quoted(JWT_PUBLIC_KEY_FILE)
                        + ")", JWT_PUBLIC_KEY_FILE);
            }
            return new ServerConfig.JwtConfig(Optional.empty(), Optional.empty(), Optional.of(keyFile), algorithm,
                    issuer, audience);
        }
        if (s.optional(JWT_PUBLIC_KEY_FILE).isPresent()) {
            throw s.error(JWT_PUBLIC_KEY_FILE + " is only used with RS256 or ES256 (" + JWT_ALGORITHM
                    + " is HS256)", JWT_PUBLIC_KEY_FILE, JWT_ALGORITHM);
        }
        if (secret.isPresent()) {
            int bytes = secret.get().getBytes(StandardCharsets.UTF_8).length;
            if (bytes < JwtSecretFile.MIN_SECRET_BYTES) {
                throw s.error(JWT_SECRET + " must be at least " + JwtSecretFile.MIN_SECRET_BYTES + " bytes (got "
                        + bytes + ")", JWT_SECRET);
            }
            return new ServerConfig.JwtConfig(secret, Optional.empty(), Optional.empty(), algorithm, issuer, audience);
        }
        String generated = JwtSecretFile.readOrCreate(dataDir);
        return new ServerConfig.JwtConfig(Optional.of(generated), Optional.of(JwtSecretFile.path(dataDir)),
                Optional.empty(), algorithm, issuer, audience);
    }
}
