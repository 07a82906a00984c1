package dev.community.config;

import java.util.List;

/**
 * The value of every key nobody set, each with the reason it was chosen. Absent optional keys
 * ({@code admin.token}, {@code auth.jwt.secret}, {@code db.url}, ...) have no constant: absence is
 * their default and {@link ServerConfig} documents what it means.
 */
public final class ConfigDefaults {

    /** All interfaces: the public port is meant to be reached, usually through a proxy or container. */
    public static final String SERVER_HOST = "0.0.0.0";
    /** The customary unprivileged HTTP alternative port; needs no root to bind. */
    public static final int SERVER_PORT = 8080;
    /** Loopback only: metrics and admin routes must not be exposed by accident. */
    public static final String ADMIN_HOST = "127.0.0.1";
    /** Distinct from {@link #SERVER_PORT} so both listeners start side by side with no configuration. */
    public static final int ADMIN_PORT = 9090;
    /** Relative to the working directory, so a first run keeps its state next to where it was started. */
    public static final String DATA_DIR = "./data";
    /** The one algorithm the contract requires; a shared secret is the simplest thing a host can sign with. */
    public static final String JWT_ALGORITHM = "HS256";
    /** No browser origin is trusted until the operator names one; non-browser clients send none. */
    public static final List<String> ALLOWED_ORIGINS = List.of();
    /** Native and server-side clients send no Origin and must still connect on a first run. */
    public static final boolean REQUIRE_ORIGIN = false;
    /** HikariCP's own default; the batched writer needs few connections, queries the rest. */
    public static final int DB_POOL_SIZE = 10;
    /** Ten messages per user per minute: a fast typist in a chat, never a flood. */
    public static final int RATE_MESSAGES = 10;
    /** The window of {@link #RATE_MESSAGES}: one minute. */
    public static final int RATE_WINDOW_SECONDS = 60;
    /** Enough tabs and devices for one person, few enough to stop one token opening thousands of sockets. */
    public static final int MAX_CONNECTIONS_PER_USER = 20;
    /** Request frames (history, mark_read, ping, typing): a client paging history quickly stays far below it. */
    public static final int WS_REQUESTS_PER_SECOND = 10;
    /** A reconnecting client's first burst (history, read marker, ping) passes whole. */
    public static final int WS_REQUESTS_BURST = 30;
    /** rate_limited answers within a minute after which a client that ignores them is closed with 1008. */
    public static final int WS_RATE_LIMITED_STRIKES = 10;
    /** REST calls per user: a web client opening a room makes a handful; a script looping is stopped. */
    public static final int REST_REQUESTS_PER_SECOND = 20;
    /** A page load's parallel calls (rooms, DMs, members, history) pass whole. */
    public static final int REST_REQUESTS_BURST = 60;
    /** REST calls of one user in progress at once: one user cannot occupy the shared database threads. */
    public static final int REST_CONCURRENT_REQUESTS = 8;
    /** Connection tokens per user: one per socket opened, and a client reconnects a few times a minute at worst. */
    public static final int CONNECTION_TOKENS_PER_MINUTE = 30;
    /** Every tab of a person reconnecting at once after a network change. */
    public static final int CONNECTION_TOKENS_BURST = 20;
    /** Requests without a valid token, per source address: the Lounge's files and sign-in, never a token guesser. */
    public static final int ANONYMOUS_REQUESTS_PER_SECOND = 10;
    /** A first page load fetches the Lounge's files at once. */
    public static final int ANONYMOUS_REQUESTS_BURST = 50;
    /** Reactions per user: a lively conversation, not a script painting every message. */
    public static final int REACTIONS_PER_MINUTE = 60;
    /** Reacting to several messages in quick succession passes. */
    public static final int REACTIONS_BURST = 20;
    /** Distinct emoji on one message: the row of chips stays readable and the map stays small on every copy. */
    public static final int MAX_DISTINCT_REACTIONS = 20;
    /** Pins per room: what matters in a room fits on one screen of the pins list (issue 20). */
    public static final int MAX_PINS_PER_ROOM = 50;
    /** New group DMs per user: group DMs need no consent, so creating them is what a spammer would do. */
    public static final int GROUP_DMS_PER_HOUR = 10;
    /** A group DM is a conversation among a few people, not a broadcast list (the creator included). */
    public static final int GROUP_DM_MAX_PARTICIPANTS = 10;
    /** HTTP requests one connection may pipeline behind the one being answered, as on the admin port. */
    public static final int MAX_PIPELINED_REQUESTS = 16;
    /** A fresh install has somewhere to talk: three public forums. */
    public static final List<String> DEFAULT_FORUMS = List.of("general", "help", "random");
    /** The built-in content filter starts empty: which words a community refuses is the operator's call. */
    public static final List<String> MODERATION_BLOCKED_WORDS = List.of();
    /** No patterns either, for the same reason as {@link #MODERATION_BLOCKED_WORDS}. */
    public static final List<String> MODERATION_BLOCKED_PATTERNS = List.of();
    /** A message that matches is not stored: nobody sees it, and the sender learns why at once. */
    public static final String MODERATION_ACTION = "reject";
    /**
     * The seed's ceiling for a verdict before storage (the ack waits for it): long enough for a hosted moderation
     * API's ordinary answer, short enough that a sender never stares at a spinner.
     */
    public static final int CLASSIFIER_TIMEOUT_MS = 2_000;
    /** Scores from about one half up are worth a moderator's look, without hiding anything. */
    public static final String CLASSIFIER_FLAG_THRESHOLD = "0.5";
    /** Scores this high are mostly right: kept from readers until a moderator decides (stored, so reversible). */
    public static final String CLASSIFIER_HIDE_THRESHOLD = "0.8";
    /** Refusing is irreversible for the sender, so only the classifier's near-certain verdicts refuse. */
    public static final String CLASSIFIER_REJECT_THRESHOLD = "0.95";
    /** A classifier outage must not stop the chat (the word filter still runs; errors are counted and alerted). */
    public static final String CLASSIFIER_ON_ERROR = "allow";
    /** The seed's order: nothing is stored or delivered before the verdict. */
    public static final String CLASSIFIER_MODE = "before_store";
    /** Requests in flight at once: a hosted API's usual per-key concurrency, and a local model server's queue. */
    public static final int CLASSIFIER_MAX_CONCURRENCY = 16;
    /**
     * Reviews waiting for a free request slot: about {@link #CLASSIFIER_TIMEOUT_MS} of traffic at a busy node's
     * send rate; beyond it a review is answered at once by {@code on_error} rather than wait to time out.
     */
    public static final int CLASSIFIER_QUEUE_CAPACITY = 1_000;
    /** Large enough to amortise a commit under load, small enough to keep one transaction short. */
    public static final int WRITER_BATCH_SIZE = 500;
    /** A send waits at most this long for company: invisible to a person, a large gain under load. */
    public static final int WRITER_MAX_DELAY_MS = 2;
    /** About a hundred full batches: absorbs a burst while a database hiccup lasts, then pushes back. */
    public static final int WRITER_QUEUE_CAPACITY = 50_000;
    /** 0 = by store: {@link #WRITER_THREADS_POSTGRES} on PostgreSQL, 1 on H2 (which serialises commits anyway). */
    public static final int WRITER_THREADS = 0;
    /**
     * Lanes on PostgreSQL: enough for several commits' round trips and fsyncs to overlap on a small machine, few
     * enough not to crowd the pool (each lane holds a connection while it commits).
     */
    public static final int WRITER_THREADS_POSTGRES = 4;
    /** No retention by default: messages are kept until a room or the operator says otherwise (0 = none). */
    public static final int RETENTION_DEFAULT_DAYS = 0;
    /** A purge pass a minute: expired messages go within about a minute of expiring, at little cost when none are. */
    public static final int RETENTION_PURGE_INTERVAL_SECONDS = 60;
    /**
     * Messages deleted per purge transaction: small enough that the room's row lock (which the writer's group commit
     * for that room also takes) is held for milliseconds, large enough to remove millions in minutes.
     */
    public static final int RETENTION_BATCH_SIZE = 500;
    /**
     * The purge's pace: about a fifth of what a flat-out purge deleted on a 2-core machine whose database was also
     * taking the writer's commits (≈ 8,900 rows/s), so ingest keeps most of the database; still 170 million expired
     * messages a day, a community writing 2,000 messages a second around the clock.
     */
    public static final int RETENTION_MAX_ROWS_PER_SECOND = 2_000;
    /** A receiver answers within 10 s or the attempt counts as failed (Standard Webhooks senders use 5-30 s). */
    public static final int WEBHOOKS_TIMEOUT_MS = 10_000;
    /** Requests in flight at once across all endpoints: a slow receiver holds at most this many threads. */
    public static final int WEBHOOKS_CONCURRENCY = 4;
    /** Three days of retries (the horizon hosted senders use) before an event is kept as dead. */
    public static final int WEBHOOKS_RETRY_HORIZON_SECONDS = 259_200;
    /**
     * One event per request, as Standard Webhooks describes and every receiver expects; a receiver that reads
     * batches asks for more (PROTOCOL.md §6).
     */
    public static final int WEBHOOKS_BATCH_MAX = 1;
    /** The contract's frame limit (16 KiB): a 4000-code-point message with its envelope fits. */
    public static final int WS_MAX_FRAME_BYTES = 16_384;
    /** The contract's idle limit: no frame for 90 s closes the connection with 1001. */
    public static final int WS_IDLE_TIMEOUT_SECONDS = 90;
    /** A client that cannot send its upgrade request in this time is a slow-loris, not a user. */
    public static final int WS_HANDSHAKE_TIMEOUT_SECONDS = 10;
    /**
     * 1 MiB owed and not taken by the client's socket: the reader has fallen hopelessly behind (or stopped reading
     * on purpose) and is closed with 4008. Large enough for a full room_state or history page of big messages.
     */
    public static final int WS_MAX_PENDING_BYTES = 1_048_576;
    /** Tolerates a buggy client's occasional slip, stops one that only sends garbage. */
    public static final int WS_MAX_BAD_FRAMES = 10;
    /** The contract's presence expiry, two minutes: outlives a phone's brief network change. */
    public static final int WS_PRESENCE_TTL_SECONDS = 120;
    /** The contract's auto-clear: "typing: false" 3 s after the last "true". */
    public static final int WS_TYPING_TIMEOUT_MS = 3_000;
    /**
     * Up to this many people online, a room's members hear every join and leave and room_state lists everyone:
     * 200 joins cost 20,000 user_joined frames, still cheap. Above it, joins and leaves become a summary per tick.
     */
    public static final int WS_PRESENCE_LIST_LIMIT = 200;
    /** A large room's presence summary at most this often: a member list that feels live without a frame per join. */
    public static final int WS_PRESENCE_TICK_MS = 2_000;
    /** WebSocket upgrades being admitted at once on a node; more are answered 503 with Retry-After at once. */
    public static final int WS_MAX_ADMISSIONS = 2_000;
    /**
     * Rooms one user stream may be subscribed to at once: a client shows a handful of rooms live; every other room
     * of the user still sends its activity without a subscription. Each subscription holds a room session and
     * its share of the room's fan-out, so this bounds a stream's cost at a hundred room sockets'.
     */
    public static final int WS_MAX_SUBSCRIPTIONS = 100;
    /** 0 lets Netty choose (twice the cores), which suits a dedicated machine. */
    public static final int EVENT_LOOP_THREADS = 0;
    /** More JDBC threads than pool connections would only queue inside Hikari; 16 covers a larger pool. */
    public static final int BLOCKING_THREADS = 16;
    /** Inside the 30 seconds most orchestrators allow between SIGTERM and SIGKILL. */
    public static final int SHUTDOWN_GRACE_SECONDS = 20;
    /** Readable in a terminal on a first run; production log shippers switch to json. */
    public static final String LOG_FORMAT = "text";
    /** Start-up, shutdown and problems, without per-message noise. */
    public static final String LOG_LEVEL = "INFO";
    /**
     * Where {@code cd web && npm run build} writes The Lounge, relative to the working directory like
     * {@link #DATA_DIR}: {@code bin/community-server} run from a checkout serves the UI it just built.
     */
    public static final String WEB_DIR = "./web/dist";
    /** Anyone could sign in as anyone: only a developer on their own machine may switch it on. */
    public static final boolean WEB_DEV_SIGN_IN = false;

    /** OpenSSL (BoringSSL) when its native library loads on this machine, the JDK's TLS otherwise. */
    public static final String TLS_PROVIDER = "auto";
    /** A renewed certificate is served within half a minute; checking two files' stamps costs nothing. */
    public static final int TLS_WATCH_INTERVAL_SECONDS = 30;
    /** One year, the common production value: browsers keep using https for the host that long. */
    public static final int TLS_HSTS_MAX_AGE_SECONDS = 31_536_000;
    /** Nobody's forwarding headers are believed until the operator names the proxies in front of the server. */
    public static final List<String> TRUSTED_PROXIES = List.of();
    /** permessage-deflate costs CPU on every message: off unless the operator wants the bandwidth back. */
    public static final boolean WS_COMPRESSION = false;

    private ConfigDefaults() {
    }
}
