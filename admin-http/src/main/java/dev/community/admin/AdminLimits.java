package dev.community.admin;

import java.time.Duration;
import java.util.Set;

/** The bounds the admin API checks request bodies against, before calling {@link AdminOperations}. */
public final class AdminLimits {

    /**
     * Close codes an operator may disconnect a user with (PROTOCOL.md §2.5): normal, going away, policy, banned,
     * too slow, authentication expired. Codes that describe a protocol fault of the client (1007, 1009) or a room
     * deletion (4004) would mislead it.
     */
    public static final Set<Integer> DISCONNECT_CODES = Set.of(1000, 1001, 1008, 4003, 4008, 4401);

    /** Close code of a disconnect request that names none: a plain, normal closure. */
    public static final int DEFAULT_DISCONNECT_CODE = 1000;

    /** Close reason of a disconnect request that names none. */
    public static final String DEFAULT_DISCONNECT_REASON = "disconnected by an operator";

    /** A close frame's payload is at most 125 bytes, two of which carry the code (RFC 6455 §5.5). */
    public static final int MAX_CLOSE_REASON_BYTES = 123;

    /** The longest message content the protocol accepts (PROTOCOL.md §2.1). */
    public static final int MAX_CONTENT_CODE_POINTS = 4000;

    /** Drain window of a drain request that names none: long enough to spread reconnects of a busy node. */
    public static final Duration DEFAULT_DRAIN_WINDOW = Duration.ofSeconds(30);

    /** The longest drain window: a rolling deploy waits for it, an hour is already generous. */
    public static final Duration MAX_DRAIN_WINDOW = Duration.ofHours(1);
    /** Dead webhook deliveries listed at once: enough to see what failed and why; replay takes them all anyway. */
    public static final int MAX_DEAD_WEBHOOKS = 1000;

    /** Log levels {@code PUT /admin/log-level} accepts (Logback's names). */
    public static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR", "OFF", "ALL");

    /** The logger {@code PUT /admin/log-level} changes when it names none. */
    public static final String ROOT_LOGGER = "ROOT";

    private AdminLimits() {
    }
}
