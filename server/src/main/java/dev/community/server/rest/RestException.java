package dev.community.server.rest;

import dev.community.protocol.ErrorCode;

/** A REST request refused with a contract error; the status is the code's unless given. */
public final class RestException extends RuntimeException {
    private final ErrorCode code;
    private final int status;

    public RestException(ErrorCode code, String message) {
        this(code, code.httpStatus(), message);
    }

    public RestException(ErrorCode code, int status, String message) {
        super(message, null, false, false);
        this.code = code;
        this.status = status;
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }
}
