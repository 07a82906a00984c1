package dev.community.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigLoaderTest {

    private static final String SECRET_32 = "0123456789abcdef0123456789abcdef";

    @TempDir
    Path tmp;

    // ---- defaults ---------------------------------------------------------------------------------------

    static Stream<Arguments> defaults() {
        return Stream.of(
                row("server.host", ServerConfig::publicHost, "0.0.0.0"),
                row("server.port", ServerConfig::publicPort, 8080),
                row("admin.host", ServerConfig::adminHost, "127.0.0.1"),
                row("admin.port", ServerConfig::adminPort, 9090),
                row("admin.token", ServerConfig::adminToken, Optional.empty()),
                row("auth.jwt.algorithm", c -> c.jwt().algorithm(), "HS256"),
                row("auth.jwt.public_key_file", c -> c.jwt().publicKeyFile(), Optional.empty()),
                row("auth.jwt.issuer", c -> c.jwt().issuer(), Optional.empty()),
                row("auth.jwt.audience", c -> c.jwt().audience(), Optional.empty()),
                row("server.allowed_origins", ServerConfig::allowedOrigins, List.of()),
                row("server.require_origin", ServerConfig::requireOrigin, false),
                row("db.url", c -> c.database().url(), Optional.empty()),
                row("db embedded", c -> c.database().embedded(), true),
                row("db.user", c -> c.database().user(), Optional.empty()),
                row("db.password", c -> c.database().password(), Optional.empty()),
                row("db.pool_size", c -> c.database().poolSize(), 10),
                row("redis.url", ServerConfig::redisUrl, Optional.empty()),
                row("limits.rate_messages", ServerConfig::rateLimitMessages, 10),
                row("limits.rate_window_seconds", ServerConfig::rateLimitWindow, Duration.ofSeconds(60)),
                row("limits.max_connections_per_user", ServerConfig::maxConnectionsPerUser, 20),
                row("limits.ws_requests_*", c -> c.limits().wsRequests(), new ServerConfig.Rate(30, 10, Duration.ofSeconds(1))),
                row("limits.ws_rate_limited_strikes", c -> c.limits().wsRateLimitedStrikes(), 10),
                row("limits.rest_requests_*", c -> c.limits().restRequests(), new ServerConfig.Rate(60, 20, Duration.ofSeconds(1))),
                row("limits.rest_concurrent_requests", c -> c.limits().restConcurrentRequests(), 8),
                row("limits.connection_tokens_*", c -> c.limits().connectionTokens(),
                        new ServerConfig.Rate(20, 30, Duration.ofMinutes(1))),
                row("limits.anonymous_requests_*", c -> c.limits().anonymousRequests(),
                        new ServerConfig.Rate(50, 10, Duration.ofSeconds(1))),
                row("limits.reactions_*", c -> c.limits().reactions(), new ServerConfig.Rate(20, 60, Duration.ofMinutes(1))),
                row("limits.max_distinct_reactions", c -> c.limits().maxDistinctReactions(), 20),
                row("limits.max_pins_per_room", c -> c.limits().maxPinsPerRoom(), 50),
                row("limits.group_dms_per_hour", c -> c.limits().groupDms(), new ServerConfig.Rate(10, 10, Duration.ofHours(1))),
                row("limits.group_dm_max_participants", c -> c.limits().groupDmMaxParticipants(), 10),
                row("server.max_pipelined_requests", c -> c.limits().maxPipelinedRequests(), 16),
                row("rooms.default_forums", ServerConfig::defaultForums, List.of("general", "help", "random")),
                row("moderation.blocked_words", c -> c.moderation().blockedWords(), List.of()),
                row("moderation.blocked_patterns", c -> c.moderation().blockedPatterns(), List.of()),
                row("moderation.action", c -> c.moderation().action(), "reject"),
                row("moderation filter off", c -> c.moderation().enabled(), false),
                row("moderation.classifier.url", c -> c.moderation().classifier().enabled(), false),
                row("moderation.classifier.timeout_ms", c -> c.moderation().classifier().timeout(), Duration.ofSeconds(2)),
                row("moderation.classifier.flag_threshold", c -> c.moderation().classifier().flag().describe(), "0.5"),
                row("moderation.classifier.hide_threshold", c -> c.moderation().classifier().hide().describe(), "0.8"),
                row("moderation.classifier.reject_threshold", c -> c.moderation().classifier().reject().describe(), "0.95"),
                row("moderation.classifier.on_error", c -> c.moderation().classifier().onError(), "allow"),
                row("moderation.classifier.mode", c -> c.moderation().classifier().mode(), "before_store"),
                row("moderation.classifier.max_concurrency", c -> c.moderation().classifier().maxConcurrency(), 16),
                row("moderation.classifier.queue_capacity", c -> c.moderation().classifier().queueCapacity(), 1000),
                row("writer.batch_size", c -> c.writer().batchSize(), 500),
                row("writer.max_delay_ms", c -> c.writer().maxDelay(), Duration.ofMillis(2)),
                row("writer.queue_capacity", c -> c.writer().queueCapacity(), 50_000),
                row("writer.threads", c -> c.writer().threads(), 1),
                row("ws.max_frame_bytes", c -> c.ws().maxFrameBytes(), 16_384),
                row("ws.idle_timeout_seconds", c -> c.ws().idleTimeout(), Duration.ofSeconds(90)),
                row("ws.handshake_timeout_seconds", c -> c.ws().handshakeTimeout(), Duration.ofSeconds(10)),
                row("ws.max_pending_bytes", c -> c.ws().maxPendingBytes(), 1_048_576),
                row("ws.max_bad_frames", c -> c.ws().maxBadFrames(), 10),
                row("ws.presence_ttl_seconds", c -> c.ws().presenceTtl(), Duration.ofSeconds(120)),
                row("ws.typing_timeout_ms", c -> c.ws().typingTimeout(), Duration.ofMillis(3000)),
                row("ws.presence_list_limit", c -> c.ws().presenceListLimit(), 200),
                row("ws.presence_tick_ms", c -> c.ws().presenceTick(), Duration.ofMillis(2000)),
                row("ws.max_subscriptions", c -> c.ws().maxSubscriptions(), 100),
                row("server.event_loop_threads", ServerConfig::eventLoopThreads, 0),
                row("server.blocking_threads", ServerConfig::blockingThreads, 16),
                row("server.shutdown_grace_seconds", ServerConfig::shutdownGrace, Duration.ofSeconds(20)),
                row("log.format", ServerConfig::logFormat, "text"),
                row("log.level", ServerConfig::logLevel, "INFO"),
                row("web.dir", c -> c.web().dir(), Path.of("./web/dist")),
                row("web.dev_sign_in", c -> c.web().devSignIn(), false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("defaults")
    void unsetKeysTakeTheirDocumentedDefault(String key, Function<ServerConfig, Object> read, Object expected) {
        assertThat(read.apply(load(Map.of()))).isEqualTo(expected);
    }

    @Test
    void dataDirDefaultsToDotSlashData() {
        // Not loaded for real: that would create ./data with a secret in the build directory.
        assertThat(ConfigDefaults.DATA_DIR).isEqualTo("./data");
    }

    @Test
    void everyKeyIsSpelledTheSameAsInTheServerConfigJavadoc() {
        assertThat(ConfigKeys.ALL).hasSize(95).doesNotHaveDuplicates();
        assertThat(ConfigKeys.envName("db.pool_size")).isEqualTo("COMMUNITY_DB_POOL_SIZE");
        assertThat(ConfigKeys.envName("auth.jwt.public_key_file")).isEqualTo("COMMUNITY_AUTH_JWT_PUBLIC_KEY_FILE");
    }

    // ---- layers and precedence --------------------------------------------------------------------------

    @ParameterizedTest(name = "file={0} env={1} flag={2} -> {3}")
    @CsvSource({
            "false, false, false, 10",
            "true,  false, false, 11",
            "false, true,  false, 12",
            "false, false, true,  13",
            "true,  true,  false, 12",
            "true,  false, true,  13",
            "false, true,  true,  13",
            "true,  true,  true,  13"})
    void laterLayersWin(boolean inFile, boolean inEnv, boolean inFlag, int expected) throws IOException {
        Map<String, String> env = new HashMap<>();
        List<String> flags = new ArrayList<>();
        if (inFile) {
            flags.add("--config=" + file("ws.max_bad_frames=11\n"));
        }
        if (inEnv) {
            env.put("COMMUNITY_WS_MAX_BAD_FRAMES", "12");
        }
        if (inFlag) {
            flags.add("--ws.max_bad_frames=13");
        }
        assertThat(load(env, flags.toArray(String[]::new)).ws().maxBadFrames()).isEqualTo(expected);
    }

    @Test
    void eachKeyTakesItsValueFromTheHighestLayerThatSetsIt() throws IOException {
        Path file = file("""
                server.host = file-host
                server.port = 1001
                db.pool_size = 11
                log.level = DEBUG
                auth.jwt.issuer = file-issuer
                """);
        Map<String, String> env = Map.of(
                "COMMUNITY_CONFIG", file.toString(),
                "COMMUNITY_SERVER_PORT", "1002",
                "COMMUNITY_DB_POOL_SIZE", "12",
                "COMMUNITY_AUTH_JWT_ISSUER", "env-issuer");
        ServerConfig config = load(env, "--server.port=1003", "--log.format=json");
        assertThat(config.publicHost()).isEqualTo("file-host");
        assertThat(config.publicPort()).isEqualTo(1003);
        assertThat(config.database().poolSize()).isEqualTo(12);
        assertThat(config.logLevel()).isEqualTo("DEBUG");
        assertThat(config.logFormat()).isEqualTo("json");
        assertThat(config.jwt().issuer()).contains("env-issuer");
    }

    @Test
    void configFlagOverridesConfigVariable() throws IOException {
        Path fromEnv = file("server.port=1111\n");
        Path fromFlag = file("server.port=2222\n");
        ServerConfig config = load(Map.of("COMMUNITY_CONFIG", fromEnv.toString()), "--config=" + fromFlag);
        assertThat(config.publicPort()).isEqualTo(2222);
    }

    @Test
    void emptyConfigFlagMeansNoFileEvenWhenTheVariableNamesOne() {
        ServerConfig config = load(Map.of("COMMUNITY_CONFIG", tmp.resolve("missing.properties").toString()),
                "--config=");
        assertThat(config.publicPort()).isEqualTo(8080);
    }

    @Test
    void emptyValueInALaterLayerClearsAnOptionalKey() throws IOException {
        Path file = file("db.url=jdbc:postgresql://db/app\nadmin.token=from-file-from-file-from-file-from-file\n");
        ServerConfig config = load(Map.of("COMMUNITY_DB_URL", ""), "--config=" + file, "--admin.token=");
        assertThat(config.database().embedded()).isTrue();
        assertThat(config.adminToken()).isEmpty();
    }

    @Test
    void laterRepeatOfAFlagWins() {
        assertThat(load(Map.of(), "--server.port=1", "--server.port=2").publicPort()).isEqualTo(2);
    }

    @Test
    void variablesWithoutTheCommunityPrefixAreIgnored() {
        ServerConfig config = load(Map.of("PORT", "1", "SERVER_PORT", "2", "community_server_port", "3",
                "HOME", "/root", "COMMUNITYSERVER_PORT", "4"));
        assertThat(config.publicPort()).isEqualTo(8080);
    }

    @Test
    void valuesAreTrimmedAndNamesOfChoicesNormalised() {
        ServerConfig config = load(Map.of("COMMUNITY_LOG_LEVEL", " debug "),
                "--log.format=JSON", "--auth.jwt.algorithm=hs256", "--server.require_origin=TRUE");
        assertThat(config.logLevel()).isEqualTo("DEBUG");
        assertThat(config.logFormat()).isEqualTo("json");
        assertThat(config.jwt().algorithm()).isEqualTo("HS256");
        assertThat(config.requireOrigin()).isTrue();
    }

    @Test
    void listsAndUrlsAreParsed() {
        ServerConfig config = load(Map.of(),
                "--server.allowed_origins= https://Chat.Example.com , http://localhost:3000,https://a.example:443",
                "--rooms.default_forums=lobby,off-topic,q-and-a-2",
                "--db.url=jdbc:postgresql://127.0.0.1:5432/test", "--db.user=postgres", "--db.password=pw",
                "--redis.url=redis-sentinel://h1:26379,h2:26379/0#mymaster",
                "--admin.port=0", "--server.port=0");
        assertThat(config.allowedOrigins())
                .containsExactly("https://chat.example.com", "http://localhost:3000", "https://a.example");
        assertThat(config.defaultForums()).containsExactly("lobby", "off-topic", "q-and-a-2");
        assertThat(config.database().url()).contains("jdbc:postgresql://127.0.0.1:5432/test");
        assertThat(config.database().embedded()).isFalse();
        assertThat(config.writer().threads()).as("writer lanes by store: several on PostgreSQL").isEqualTo(4);
        assertThat(config.database().user()).contains("postgres");
        assertThat(config.database().password()).contains("pw");
        assertThat(config.redisUrl()).contains("redis-sentinel://h1:26379,h2:26379/0#mymaster");
        assertThat(config.publicPort()).isZero();
        assertThat(config.adminPort()).isZero();
    }

    @Test
    void theClassifierTakesAUrlThresholdsPerCategoryAndKeepsItsKeySecret() {
        ServerConfig config = load(Map.of(), "--moderation.classifier.url=https://api.example/v1/moderations",
                "--moderation.classifier.api_key=sk-very-secret", "--moderation.classifier.model=omni-moderation-latest",
                "--moderation.classifier.flag_threshold=0.4, harassment=0.3",
                "--moderation.classifier.hide_threshold=off,violence=0.7",
                "--moderation.classifier.reject_threshold=sexual/minors=0.2, self-harm/intent=off",
                "--moderation.classifier.on_error=REJECT", "--moderation.classifier.mode=after_store");
        ServerConfig.ClassifierConfig classifier = config.moderation().classifier();
        assertThat(classifier.enabled()).isTrue();
        assertThat(classifier.apiKey()).contains("sk-very-secret");
        assertThat(classifier.flag().of("harassment")).hasValue(0.3);
        assertThat(classifier.flag().of("violence")).hasValue(0.4);
        assertThat(classifier.hide().of("harassment")).isEmpty();
        assertThat(classifier.hide().of("violence")).hasValue(0.7);
        assertThat(classifier.reject().of("sexual/minors")).hasValue(0.2);
        assertThat(classifier.reject().of("self-harm/intent")).isEmpty();
        assertThat(classifier.reject().of("violence")).isEmpty();
        assertThat(classifier.onError()).isEqualTo("reject");
        assertThat(classifier.mode()).isEqualTo("after_store");
        assertThat(ConfigLoader.describe(config)).contains(
                "moderation.classifier.url = https://api.example/v1/moderations",
                "moderation.classifier.api_key = " + ConfigDescription.MASK,
                "moderation.classifier.flag_threshold = 0.4,harassment=0.3",
                "moderation.classifier.reject_threshold = self-harm/intent=off,sexual/minors=0.2");
        assertThat(String.join("\n", ConfigLoader.describe(config))).doesNotContain("sk-very-secret");
    }

    @Test
    void theContentFilterTakesWordsPatternsAndAnAction() {
        ServerConfig config = load(Map.of(), "--moderation.blocked_words=Spam, don't,e-mail,Ünïcode",
                "--moderation.blocked_patterns=(?i)buy\\s+now, a{1\\,3}b ,x\\\\,[\\,;]", "--moderation.action=HIDE");
        assertThat(config.moderation().blockedWords()).containsExactly("spam", "don't", "e-mail", "ünïcode");
        assertThat(config.moderation().blockedPatterns()).containsExactly("(?i)buy\\s+now", "a{1,3}b", "x\\\\", "[,;]");
        assertThat(config.moderation().action()).isEqualTo("hide");
        assertThat(config.moderation().enabled()).isTrue();
        assertThat(java.util.regex.Pattern.compile(config.moderation().blockedPatterns().get(1)).matcher("aab").matches())
                .as("\\, is a comma inside a pattern").isTrue();
        assertThat(ConfigLoader.describe(config)).contains("moderation.blocked_words = 4 words",
                "moderation.blocked_patterns = 4 patterns", "moderation.action = hide");
    }

    @Test
    void emptyListsAreAllowed() {
        ServerConfig config = load(Map.of(), "--rooms.default_forums=", "--server.allowed_origins=");
        assertThat(config.defaultForums()).isEmpty();
        assertThat(config.allowedOrigins()).isEmpty();
    }

    static Stream<String> allKeys() {
        return ConfigKeys.ALL.stream();
    }

    /** A value may be rejected by the key's rule, but never as an unknown name, in any of the three layers. */
    @ParameterizedTest
    @MethodSource("allKeys")
    void everyKeyIsKnownInEveryLayer(String key) throws IOException {
        // data.dir must stay inside the temporary directory: a generated secret may be written there.
        String value = key.equals(ConfigKeys.DATA_DIR) ? tmp.resolve("x").toString() : "x";
        Path file = file(key + "=" + value + "\n");
        assertKnownOrRuleError(key, () -> load(Map.of(), "--config=" + file));
        assertKnownOrRuleError(key, () -> load(Map.of(ConfigKeys.envName(key), value)));
        assertKnownOrRuleError(key, () -> load(Map.of(), "--" + key + "=" + value));
    }

    private static void assertKnownOrRuleError(String key, Runnable load) {
        try {
            load.run();
        } catch (ConfigException e) {
            assertThat(e.getMessage()).contains(key).doesNotContain("unknown");
        }
    }

    // ---- errors -----------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            --server.port=70000                         | server.port must be 0..65535 (got 70000) [set by --server.port]
            --server.port=-1                            | server.port must be 0..65535 (got -1)
            --server.port=abc                           | server.port must be an integer (got 'abc')
            --server.port=99999999999                   | server.port must be an integer (got '99999999999')
            --server.port=8080.0                        | server.port must be an integer (got '8080.0')
            --server.port=                              | server.port must not be empty
            --admin.port=65536                          | admin.port must be 0..65535 (got 65536)
            --admin.port=8080                           | server.port and admin.port must differ (both are 8080)
            --server.port=9090                          | server.port and admin.port must differ (both are 9090)
            --server.host=                              | server.host must not be empty
            --admin.host=                               | admin.host must not be empty
            --data.dir=                                 | data.dir must not be empty
            --server.require_origin=yes                 | server.require_origin must be true or false (got 'yes')
            --server.require_origin=1                   | server.require_origin must be true or false (got '1')
            --server.require_origin=                    | server.require_origin must not be empty
            --db.pool_size=0                            | db.pool_size must be 1..500 (got 0)
            --db.pool_size=501                          | db.pool_size must be 1..500 (got 501)
            --db.url=jdbc:mysql://db/app                | db.url must start with jdbc:postgresql: (got 'jdbc:mysql://db/app')
            --db.url=postgresql://db/app                | db.url must start with jdbc:postgresql:
            --redis.url=http://cache:6379               | redis.url must start with one of redis://, rediss://
            --redis.url=redis://                        | redis.url must start with one of
            --redis.url=cache:6379                      | redis.url must start with one of
            --limits.rate_messages=0                    | limits.rate_messages must be at least 1 (got 0)
            --limits.rate_window_seconds=0              | limits.rate_window_seconds must be at least 1 (got 0)
            --limits.max_connections_per_user=-5        | limits.max_connections_per_user must be at least 1 (got -5)
            --rooms.default_forums=General              | rooms.default_forums entries must be slugs of 1-64 characters a-z, 0-9 and '-' (got 'General')
            --rooms.default_forums=off_topic            | rooms.default_forums entries must be slugs of 1-64 characters a-z, 0-9 and '-' (got 'off_topic')
            --rooms.default_forums=a,,b                 | rooms.default_forums has an empty entry (got 'a,,b')
            --rooms.default_forums=help,help            | rooms.default_forums lists 'help' twice
            --rooms.default_forums=aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa | rooms.default_forums entries must be slugs
            --server.allowed_origins=https://a.example/ | server.allowed_origins entries must be http(s)://host[:port] with no path (got 'https://a.example/')
            --server.allowed_origins=a.example          | server.allowed_origins entries must be http(s)://host[:port] with no path (got 'a.example')
            --server.allowed_origins=ftp://a.example    | server.allowed_origins entries must be http(s)://host[:port] with no path (got 'ftp://a.example')
            --server.allowed_origins=*                  | server.allowed_origins entries must be http(s)://host[:port] with no path (got '*')
            --server.allowed_origins=https://u@a.example | server.allowed_origins entries must be http(s)://host[:port] with no path (got 'https://u@a.example')
            --server.allowed_origins=https://a.example?x | server.allowed_origins entries must be http(s)://host[:port] with no path
            --server.allowed_origins=https://a b        | server.allowed_origins entries must be http(s)://host[:port] with no path (got 'https://a b')
            --server.allowed_origins=https://a.example, | server.allowed_origins has an empty entry
            --writer.batch_size=0                       | writer.batch_size must be 1..10000 (got 0)
            --writer.batch_size=10001                   | writer.batch_size must be 1..10000 (got 10001)
            --writer.max_delay_ms=-1                    | writer.max_delay_ms must be 0..1000 (got -1)
            --writer.max_delay_ms=1001                  | writer.max_delay_ms must be 0..1000 (got 1001)
            --writer.queue_capacity=499                 | writer.queue_capacity must be at least writer.batch_size (500) (got 499)
            --ws.max_frame_bytes=1023                   | ws.max_frame_bytes must be 1024..1048576 (got 1023)
            --ws.max_frame_bytes=1048577                | ws.max_frame_bytes must be 1024..1048576 (got 1048577)
            --ws.idle_timeout_seconds=0                 | ws.idle_timeout_seconds must be at least 1 (got 0)
            --ws.handshake_timeout_seconds=0            | ws.handshake_timeout_seconds must be at least 1 (got 0)
            --ws.max_pending_bytes=65535                | ws.max_pending_bytes must be at least 65536 (got 65535)
            --ws.slow_consumer_max_bytes=65536          | flag --ws.slow_consumer_max_bytes is no longer read: ws.slow_consumer_max_bytes was replaced by ws.max_pending_bytes
            --ws.write_buffer_high_bytes=65536          | flag --ws.write_buffer_high_bytes is no longer read: ws.write_buffer_high_bytes was replaced by ws.max_pending_bytes
            --ws.write_buffer_low_bytes=1               | ws.write_buffer_low_bytes was no longer used
            --admin.token=short-token                   | admin.token must be at least 32 bytes (got 11)
            --limits.ws_requests_per_second=0           | limits.ws_requests_per_second must be at least 1 (got 0)
            --limits.ws_requests_burst=0                | limits.ws_requests_burst must be at least 1 (got 0)
            --limits.rest_concurrent_requests=0         | limits.rest_concurrent_requests must be 1..10000 (got 0)
            --limits.group_dm_max_participants=2        | limits.group_dm_max_participants must be 3..1000 (got 2)
            --limits.max_distinct_reactions=0           | limits.max_distinct_reactions must be 1..1000 (got 0)
            --limits.max_pins_per_room=0                | limits.max_pins_per_room must be 1..1000 (got 0)
            --server.max_pipelined_requests=-1          | server.max_pipelined_requests must be 0..1024 (got -1)
            --ws.max_bad_frames=0                       | ws.max_bad_frames must be at least 1 (got 0)
            --ws.presence_ttl_seconds=0                 | ws.presence_ttl_seconds must be at least 1 (got 0)
            --ws.typing_timeout_ms=0                    | ws.typing_timeout_ms must be at least 1 (got 0)
            --ws.presence_list_limit=0                  | ws.presence_list_limit must be 1..100000 (got 0)
            --ws.presence_tick_ms=99                    | ws.presence_tick_ms must be 100..60000 (got 99)
            --moderation.action=delete                  | moderation.action must be one of reject, hide, flag (got 'delete')
            --moderation.classifier.url=ftp://x/y       | moderation.classifier.url must be an http:// or https:// URL with a host
            --moderation.classifier.timeout_ms=0        | moderation.classifier.timeout_ms must be 1..60000 (got 0)
            --moderation.classifier.flag_threshold=1.5  | moderation.classifier.flag_threshold entries are a score in (0, 1] or off, or category=score (got '1.5')
            --moderation.classifier.hide_threshold=0    | moderation.classifier.hide_threshold entries are a score in (0, 1] or off, or category=score (got '0')
            --moderation.classifier.hide_threshold=high | moderation.classifier.hide_threshold entries are a score in (0, 1] or off, or category=score (got 'high')
            --moderation.classifier.reject_threshold=0.9,0.8 | moderation.classifier.reject_threshold has more than one score for every category
            --moderation.classifier.reject_threshold=a=0.9,a=0.8 | moderation.classifier.reject_threshold lists 'a' twice
            --moderation.classifier.on_error=ignore     | moderation.classifier.on_error must be one of allow, reject (got 'ignore')
            --moderation.classifier.mode=later          | moderation.classifier.mode must be one of before_store, after_store (got 'later')
            --moderation.classifier.max_concurrency=0   | moderation.classifier.max_concurrency must be 1..1024 (got 0)
            --moderation.blocked_words=two words        | moderation.blocked_words entries must be single words of letters, digits, hyphens and apostrophes (got 'two words')
            --moderation.blocked_words=spam,SPAM        | moderation.blocked_words lists 'SPAM' twice
            --moderation.blocked_words=a,,b             | moderation.blocked_words has an empty entry
            --moderation.blocked_patterns=([a-z]        | moderation.blocked_patterns entry '([a-z]' is not a valid regular expression
            --moderation.blocked_patterns=x+,x+         | moderation.blocked_patterns lists 'x+' twice
            --moderation.blocked_patterns=x+,           | moderation.blocked_patterns has an empty entry
            --server.event_loop_threads=-1              | server.event_loop_threads must be 0..1024 (got -1)
            --server.blocking_threads=0                 | server.blocking_threads must be 1..1024 (got 0)
            --server.shutdown_grace_seconds=-1          | server.shutdown_grace_seconds must be 0..3600 (got -1)
            --log.format=xml                            | log.format must be one of text, json (got 'xml')
            --log.level=VERBOSE                         | log.level must be one of TRACE, DEBUG, INFO, WARN, ERROR (got 'VERBOSE')
            --auth.jwt.algorithm=HS512                  | auth.jwt.algorithm must be one of HS256, RS256, ES256 (got 'HS512')
            --auth.jwt.algorithm=none                   | auth.jwt.algorithm must be one of HS256, RS256, ES256 (got 'none')
            --auth.jwt.secret=short                     | auth.jwt.secret must be at least 32 bytes (got 5)
            --auth.jwt.secret=0123456789abcdef0123456789abcde | auth.jwt.secret must be at least 32 bytes (got 31)
            --auth.jwt.algorithm=RS256                  | auth.jwt.public_key_file is required when auth.jwt.algorithm is RS256
            --auth.jwt.algorithm=ES256                  | auth.jwt.public_key_file is required when auth.jwt.algorithm is ES256
            --auth.jwt.public_key_file=/etc/hostname    | auth.jwt.public_key_file is only used with RS256 or ES256 (auth.jwt.algorithm is HS256)
            --web.dir=                                  | web.dir must not be empty
            --web.dev_sign_in=yes                       | web.dev_sign_in must be true or false (got 'yes')
            --web.dev_sign_in=                          | web.dev_sign_in must not be empty
            """)
    void rejectsABadFlagValueNamingTheKey(String flag, String expectedMessage) {
        assertThat(failure(Map.of(), flag)).contains(expectedMessage);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            serve                 | unexpected argument 'serve': every argument must be --key=value
            -server.port=1        | unexpected argument '-server.port=1'
            server.port=1         | unexpected argument 'server.port=1'
            --server.port         | flag --server.port has no value: write --server.port=value
            --config              | flag --config has no value
            --no.such.key=1       | unknown flag --no.such.key: there is no key named 'no.such.key'
            --SERVER.PORT=1       | unknown flag --SERVER.PORT
            --server_port=1       | unknown flag --server_port
            --=1                  | unknown flag --: there is no key named ''
            """)
    void rejectsMalformedOrUnknownFlagsNamingThem(String arg, String expectedMessage) {
        assertThat(failure(Map.of(), arg)).contains(expectedMessage);
    }

    @Test
    void rejectsUnknownCommunityVariableNamingIt() {
        assertThat(failure(Map.of("COMMUNITY_SERVER_PROT", "1")))
                .contains("unknown environment variable COMMUNITY_SERVER_PROT");
    }

    @Test
    void aRetiredKeyNamesWhatReplacedItWhereverItIsSet() throws IOException {
        assertThat(failure(Map.of("COMMUNITY_WS_SLOW_CONSUMER_MAX_BYTES", "65536")))
                .isEqualTo("environment variable COMMUNITY_WS_SLOW_CONSUMER_MAX_BYTES is no longer read:"
                        + " ws.slow_consumer_max_bytes was replaced by ws.max_pending_bytes (one outbound budget for"
                        + " every byte a connection is owed); see docs/OPERATIONS.md");
        assertThat(failure(Map.of(), "--config=" + file("ws.write_buffer_high_bytes=65536\n")))
                .startsWith("key 'ws.write_buffer_high_bytes' in config file ")
                .contains("replaced by ws.max_pending_bytes");
    }

    @Test
    void theTestSuitesVariablesAreOutsideTheServersNamespace() {
        Map<String, String> testShell = Map.of("TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test",
                "TEST_DB_USER", "postgres", "TEST_DB_PASSWORD", "", "TEST_REDIS_URL", "redis://127.0.0.1:6379",
                "TEST_REDIS_SERVER", "redis-server");
        assertThat(load(testShell).publicPort()).isEqualTo(ConfigDefaults.SERVER_PORT);
    }

    @Test
    void anOldTestVariableIsRefusedWithItsNewName() {
        assertThat(failure(Map.of("COMMUNITY_TEST_DB_URL", "jdbc:postgresql://127.0.0.1:5432/test")))
                .isEqualTo("unknown environment variable COMMUNITY_TEST_DB_URL: COMMUNITY_* variables must name a"
                        + " configuration key (e.g. COMMUNITY_SERVER_PORT); the tests read TEST_DB_URL now:"
                        + " unset COMMUNITY_TEST_DB_URL");
    }

    @Test
    void rejectsTwoVariablesForOneKey() {
        assertThat(failure(Map.of("COMMUNITY_DB_POOL_SIZE", "5", "COMMUNITY_DB_POOL-SIZE", "6")))
                .contains("COMMUNITY_DB_POOL-SIZE and COMMUNITY_DB_POOL_SIZE both set db.pool_size");
    }

    @Test
    void badVariableValueNamesKeyAndVariable() {
        assertThat(failure(Map.of("COMMUNITY_SERVER_PORT", "http")))
                .isEqualTo("server.port must be an integer (got 'http') [set by COMMUNITY_SERVER_PORT]");
    }

    @Test
    void badFileValueNamesKeyAndFile() throws IOException {
        Path file = file("server.require_origin=maybe\n");
        assertThat(failure(Map.of(), "--config=" + file))
                .isEqualTo("server.require_origin must be true or false (got 'maybe') [set by " + file + "]");
    }

    @ParameterizedTest
    @ValueSource(strings = {"server.prot=1", "config=other.properties", "SERVER.PORT=1", "COMMUNITY_SERVER_PORT=1"})
    void rejectsUnknownKeyInFileNamingIt(String line) throws IOException {
        Path file = file("server.host=h\n" + line + "\n");
        String key = line.substring(0, line.indexOf('='));
        assertThat(failure(Map.of(), "--config=" + file)).isEqualTo("unknown key '" + key + "' in config file " + file);
    }

    @Test
    void missingConfigFileNamedByFlagIsAnError() {
        Path missing = tmp.resolve("nope.properties");
        assertThat(failure(Map.of(), "--config=" + missing))
                .isEqualTo("config file " + missing + " named by --config does not exist");
    }

    @Test
    void missingConfigFileNamedByVariableIsAnError() {
        Path missing = tmp.resolve("nope.properties");
        assertThat(failure(Map.of("COMMUNITY_CONFIG", missing.toString())))
                .isEqualTo("config file " + missing + " named by COMMUNITY_CONFIG does not exist");
    }

    @Test
    void directoryAsConfigFileIsAnError() {
        assertThat(failure(Map.of(), "--config=" + tmp)).contains("config file " + tmp).contains("not a regular file");
    }

    @Test
    void errorsNeverEchoASecret() {
        String message = failure(Map.of(), "--auth.jwt.secret=hunter2-is-my-pw");
        assertThat(message).contains("auth.jwt.secret").doesNotContain("hunter2");
    }

    @Test
    void urlErrorsMaskTheirPassword() {
        String message = failure(Map.of(), "--redis.url=http://user:hunter2@cache");
        assertThat(message).contains("redis.url").contains("user:****@cache").doesNotContain("hunter2");
    }

    @Test
    void aFailedLoadCreatesNoSecretFile() {
        failure(Map.of(), "--server.port=abc");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    // ---- JWT keys ---------------------------------------------------------------------------------------

    @Test
    void explicitSecretIsUsedAndNoFileIsWritten() {
        ServerConfig config = load(Map.of("COMMUNITY_AUTH_JWT_SECRET", SECRET_32));
        assertThat(config.jwt().secret()).contains(SECRET_32);
        assertThat(config.jwt().secretFile()).isEmpty();
        assertThat(tmp.resolve("data").resolve(JwtSecretFile.FILE_NAME)).doesNotExist();
    }

    @Test
    void secretLengthCountsUtf8Bytes() {
        // 11 three-byte characters: 11 characters, but 33 bytes.
        String secret = "€".repeat(11);
        assertThat(load(Map.of(), "--auth.jwt.secret=" + secret).jwt().secret()).contains(secret);
    }

    @Test
    void withNoSecretOneIsGeneratedInTheDataDirAndReusedOnTheNextLoad() throws IOException {
        ServerConfig first = load(Map.of());
        Path file = tmp.resolve("data").resolve("jwt-secret");
        assertThat(first.jwt().secretFile()).contains(file);
        assertThat(first.jwt().secret()).isPresent();
        assertThat(Files.readString(file)).isEqualTo(first.jwt().secret().get());

        ServerConfig second = load(Map.of());
        assertThat(second.jwt().secret()).isEqualTo(first.jwt().secret());
        assertThat(second.jwt().secretFile()).contains(file);
    }

    @Test
    void publicKeyAlgorithmsUseTheKeyFileAndNoSecret() throws IOException {
        Path key = Files.writeString(tmp.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n");
        ServerConfig config = load(Map.of(), "--auth.jwt.algorithm=ES256", "--auth.jwt.public_key_file=" + key,
                "--auth.jwt.issuer=https://id.example", "--auth.jwt.audience=community");
        assertThat(config.jwt().algorithm()).isEqualTo("ES256");
        assertThat(config.jwt().publicKeyFile()).contains(key);
        assertThat(config.jwt().secret()).isEmpty();
        assertThat(config.jwt().secretFile()).isEmpty();
        assertThat(config.jwt().issuer()).contains("https://id.example");
        assertThat(config.jwt().audience()).contains("community");
        assertThat(tmp.resolve("data")).doesNotExist();
    }

    @Test
    void publicKeyAlgorithmForbidsASecret() throws IOException {
        Path key = Files.writeString(tmp.resolve("key.pem"), "-----BEGIN PUBLIC KEY-----\n");
        assertThat(failure(Map.of("COMMUNITY_AUTH_JWT_SECRET", SECRET_32),
                "--auth.jwt.algorithm=RS256", "--auth.jwt.public_key_file=" + key))
                .startsWith("auth.jwt.secret must not be set when auth.jwt.algorithm is RS256")
                .doesNotContain(SECRET_32);
    }

    @Test
    void publicKeyAlgorithmNeedsAnExistingKeyFile() {
        Path missing = tmp.resolve("missing.pem");
        assertThat(failure(Map.of(), "--auth.jwt.algorithm=RS256", "--auth.jwt.public_key_file=" + missing))
                .contains("auth.jwt.public_key_file must be a readable file (got '" + missing + "')");
        assertThat(failure(Map.of(), "--auth.jwt.algorithm=RS256", "--auth.jwt.public_key_file=" + tmp))
                .contains("auth.jwt.public_key_file must be a readable file");
    }

    @Test
    void webClientDirectoryAndDevSignInAreRead() {
        ServerConfig config = load(Map.of("COMMUNITY_WEB_DEV_SIGN_IN", "true"), "--web.dir=" + tmp.resolve("ui"));
        assertThat(config.web().dir()).isEqualTo(tmp.resolve("ui"));
        assertThat(config.web().devSignIn()).isTrue();
    }

    @Test
    void devSignInNeedsTheServerToHoldAnHs256Secret() throws IOException {
        Path key = file("-----BEGIN PUBLIC KEY-----\n");
        assertThat(failure(Map.of(), "--web.dev_sign_in=true", "--auth.jwt.algorithm=RS256",
                "--auth.jwt.public_key_file=" + key))
                .contains("web.dev_sign_in needs auth.jwt.algorithm HS256")
                .contains("[set by --web.dev_sign_in, --auth.jwt.algorithm]");
    }

    // ---- describe ---------------------------------------------------------------------------------------

    @Test
    void describeListsEveryKeyOnceInOrder() {
        List<String> lines = ConfigLoader.describe(load(Map.of()));
        assertThat(lines).extracting(line -> line.substring(0, line.indexOf(" = ")))
                .containsExactlyElementsOf(ConfigKeys.ALL);
        assertThat(lines).contains("server.port = 8080", "rooms.default_forums = general,help,random",
                "ws.typing_timeout_ms = 3000", "writer.max_delay_ms = 2", "admin.token = (none)",
                "db.url = (none) (embedded store)", "web.dir = ./web/dist", "web.dev_sign_in = false");
    }

    @Test
    void describeMasksEverySecret() {
        ServerConfig config = load(Map.of("COMMUNITY_DB_PASSWORD", "pw-hunter2"),
                "--auth.jwt.secret=" + SECRET_32, "--admin.token=token-hunter2-token-hunter2-token-hunter2",
                "--db.url=jdbc:postgresql://db/app?user=app&password=url-hunter2",
                "--redis.url=redis://default:redis-hunter2@cache:6379/0");
        List<String> lines = ConfigLoader.describe(config);
        assertThat(String.join("\n", lines)).doesNotContain("hunter2").doesNotContain(SECRET_32);
        assertThat(lines).contains("auth.jwt.secret = ****", "admin.token = ****", "db.password = ****",
                "db.url = jdbc:postgresql://db/app?user=app&password=****",
                "redis.url = redis://default:****@cache:6379/0");
    }

    @Test
    void describeMasksTheGeneratedSecretAndSaysWhereItLives() {
        ServerConfig config = load(Map.of());
        List<String> lines = ConfigLoader.describe(config);
        assertThat(String.join("\n", lines)).doesNotContain(config.jwt().secret().get());
        assertThat(lines).contains("auth.jwt.secret = **** (from " + tmp.resolve("data").resolve("jwt-secret") + ")");
    }

    @Test
    void webhooksAreOffByDefaultAndTakeEndpointsAWhsecSecretAndEventTypes() {
        ServerConfig.WebhooksConfig off = load(Map.of()).webhooks();
        assertThat(off.enabled()).isFalse();
        assertThat(off.events()).isEqualTo(ServerConfig.WebhooksConfig.EVENT_TYPES);
        assertThat(off.timeout()).isEqualTo(java.time.Duration.ofSeconds(10));
        assertThat(off.concurrency()).isEqualTo(4);
        assertThat(off.retryHorizon()).isEqualTo(java.time.Duration.ofDays(3));

        byte[] key = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        String whsec = "whsec_" + java.util.Base64.getEncoder().encodeToString(key);
        ServerConfig.WebhooksConfig on = load(Map.of(),
                "--webhooks.url=https://app.example/hooks, http://10.0.0.5:8000/chat",
                "--webhooks.secret=" + whsec, "--webhooks.events=message.created,notification.dm",
                "--webhooks.timeout_ms=2500", "--webhooks.concurrency=8",
                "--webhooks.retry_horizon_seconds=60", "--webhooks.batch_max=50").webhooks();
        assertThat(on.urls()).extracting(Object::toString)
                .containsExactly("https://app.example/hooks", "http://10.0.0.5:8000/chat");
        assertThat(on.secret()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(key));
        assertThat(on.events()).containsExactly("message.created", "notification.dm");
        assertThat(on.sends("message.created")).isTrue();
        assertThat(on.sends("member.joined")).isFalse();
        assertThat(on.timeout()).isEqualTo(java.time.Duration.ofMillis(2500));
        assertThat(on.concurrency()).isEqualTo(8);
        assertThat(on.retryHorizon()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(on.batchMax()).isEqualTo(50);
        assertThat(load(Map.of()).webhooks().batchMax()).as("one event per request by default").isEqualTo(1);
        assertThat(load(Map.of(), "--webhooks.secret=" + java.util.Base64.getEncoder().encodeToString(key))
                .webhooks().secret()).as("bare base64 too").hasValueSatisfying(b -> assertThat(b).isEqualTo(key));
        assertThat(String.join("\n", ConfigLoader.describe(load(Map.of(), "--webhooks.secret=" + whsec))))
                .doesNotContain(whsec.substring(6));
    }

    @Test
    void badWebhookSettingsAreRefusedWithTheRule() {
        String whsec = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[32]);
        assertThat(failure(Map.of(), "--webhooks.url=https://app.example/hooks"))
                .contains("webhooks.url needs webhooks.secret");
        assertThat(failure(Map.of(), "--webhooks.url=ftp://app.example/hooks", "--webhooks.secret=" + whsec))
                .contains("absolute http:// or https:// URLs");
        assertThat(failure(Map.of(), "--webhooks.url=https://app.example/" + "h".repeat(2048),
                "--webhooks.secret=" + whsec)).contains("at most 2048 characters");
        assertThat(failure(Map.of(), "--webhooks.secret=whsec_not base64!"))
                .contains("must be base64").doesNotContain("not base64");
        assertThat(failure(Map.of(), "--webhooks.secret=whsec_" + java.util.Base64.getEncoder()
                .encodeToString(new byte[8]))).contains("must decode to 16..64 bytes (got 8)");
        assertThat(failure(Map.of(), "--webhooks.events=message.created,message.exploded"))
                .contains("'message.exploded'");
        assertThat(failure(Map.of(), "--webhooks.concurrency=0")).contains("webhooks.concurrency must be 1..256");
        assertThat(failure(Map.of(), "--webhooks.batch_max=101")).contains("webhooks.batch_max must be 1..100");
    }

    // ---- helpers ----------------------------------------------------------------------------------------

    private static Arguments row(String key, Function<ServerConfig, Object> read, Object expected) {
        return Arguments.of(key, read, expected);
    }

    /** Every load gets a private data.dir first, so a generated secret never lands in the build tree. */
    private ServerConfig load(Map<String, String> env, String... flags) {
        return ConfigLoader.load(withDataDir(flags), env);
    }

    private String failure(Map<String, String> env, String... flags) {
        String[] args = withDataDir(flags);
        Throwable thrown = catchThrowable(() -> ConfigLoader.load(args, env));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return thrown.getMessage();
    }

    private String[] withDataDir(String... flags) {
        List<String> args = new ArrayList<>();
        args.add("--data.dir=" + tmp.resolve("data"));
        args.addAll(Arrays.asList(flags));
        return args.toArray(String[]::new);
    }

    private Path file(String content) throws IOException {
        return Files.writeString(Files.createTempFile(tmp, "community", ".properties"), content,
                StandardCharsets.UTF_8);
    }
}
