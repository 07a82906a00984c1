package dev.community.protocol;

import java.util.Locale;

/** The contract's error codes (PROTOCOL.md §2.4) with the HTTP status each maps to on REST. */
public enum ErrorCode {
    INVALID_JSON(400),
    UNKNOWN_TYPE(400),
    INVALID_PAYLOAD(400),
    CONTENT_TOO_LONG(400),
    EMPTY_CONTENT(400),
    RATE_LIMITED(429),
    SLOW_MODE(429),
    MUTED(403),
    FORBIDDEN(403),
    NOT_FOUND(404),
    BLOCKED(403),
    THREAD_LOCKED(403),
    TRUST_REQUIRED(403),
    TOO_MANY_CONNECTIONS(429),
    /** User stream only: a subscribe beyond the connection's subscription cap ({@code ws.max_subscriptions}). */
    TOO_MANY_SUBSCRIPTIONS(429),
    UNAVAILABLE(503),
    INTERNAL(500),
    /** REST only: the caller is not authenticated. */
    UNAUTHORIZED(401),
    /** REST only: the request conflicts with the current state (a second report, say). */
    CONFLICT(409),
    /** REST only: the request body is over 64 KiB. */
    PAYLOAD_TOO_LARGE(413),
    /** Pre-upgrade only: the browser Origin is not in the allowed list. */
    ORIGIN_NOT_ALLOWED(403);

    private final int httpStatus;
    private final String wire;

    ErrorCode(int httpStatus) {
        this.httpStatus = httpStatus;
        this.wire = name().toLowerCase(Locale.ROOT);
    }

    /** The code as written on the wire, e.g. {@code rate_limited}. */
    public String wire() {
        return wire;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
