package dev.community.server.budget;

import java.util.Locale;

/** What a budget limits; its lower-case name tags the rejection metric and appears in docs/OPERATIONS.md. */
public enum BudgetKind {
    /** Request frames of one WebSocket connection (request_history, mark_read, ping, typing). */
    WS_REQUESTS,
    /** REST calls of one user. */
    REST_REQUESTS,
    /** REST calls of one user in progress at once. */
    REST_CONCURRENCY,
    /** Connection tokens issued to one user. */
    CONNECTION_TOKENS,
    /** Requests without a valid access token from one source address. */
    ANONYMOUS_REQUESTS,
    /** Reactions added by one user. */
    REACTIONS,
    /** Group DMs created by one user. */
    GROUP_DMS;

    private final String tag = name().toLowerCase(Locale.ROOT);

    public String tag() {
        return tag;
    }
}
