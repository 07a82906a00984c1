package dev.community.server.actions;

import dev.community.protocol.ErrorCode;

/**
 * A rule said no: the contract's error code, a message fit for the client, and for refusals that end after a
 * wait (rate_limited, slow_mode) how long to wait. Every transport renders it the same way: REST as the code's
 * HTTP status with the error body (and {@code Retry-After}), the WebSocket as an {@code error} event.
 */
public final class Refusal extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMillis;

    public Refusal(ErrorCode code, String message) {
        this(code, message, null);
    }

    public Refusal(ErrorCode code, String message, Long retryAfterMillis) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMillis = retryAfterMillis;
    }

    /**
     * The refusal of the rank rule ({@link dev.community.server.permission.Permissions#canModerate}), worded once for
     * every action aimed at a user or at their message.
     */
    public static Refusal outranked(ErrorCode code, String whom) {
        return new Refusal(code, "you may not act on " + whom + ": nobody acts on an equal or higher role,"
                + " nor on the owner");
    }

    public ErrorCode code() {
        return code;
    }

    /** Null unless the refusal ends after a wait. */
    public Long retryAfterMillis() {
        return retryAfterMillis;
    }
}
