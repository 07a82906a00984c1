package dev.community.server.send;

import dev.community.protocol.ErrorCode;

/** A send refused before storage: the contract error, and for rate_limited / slow_mode when to retry. */
public final class SendRejectedException extends RuntimeException {
    private final ErrorCode code;
    private final Long retryAfterMillis;

    public SendRejectedException(ErrorCode code, String message, Long retryAfterMillis) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfterMillis = retryAfterMillis;
    }

    public ErrorCode code() {
        return code;
    }

    public Long retryAfterMillis() {
        return retryAfterMillis;
    }
}
