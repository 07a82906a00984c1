package dev.community.protocol;

/**
 * Client input that breaks the contract: carries the {@link ErrorCode} to answer with, a message for humans
 * that names the offending field (never echoes the client's value), and the frame's {@code client_id} when it
 * could be read, so the server can answer with an {@code error} event the client can match to its frame.
 *
 * <p>It is thrown for every bad frame a hostile or buggy client sends, so it does not capture a stack trace:
 * the cost of rejecting input must stay small, and the trace would only point into this module.
 */
public final class ProtocolException extends RuntimeException {

    private final ErrorCode code;
    private final String clientId;

    public ProtocolException(ErrorCode code, String message) {
        this(code, message, null, null);
    }

    public ProtocolException(ErrorCode code, String message, String clientId) {
        this(code, message, clientId, null);
    }

    public ProtocolException(ErrorCode code, String message, String clientId, Throwable cause) {
        super(message, cause, false, false);
        if (code == null) {
            throw new IllegalArgumentException("code must not be null");
        }
        this.code = code;
        this.clientId = clientId;
    }

    public ErrorCode code() {
        return code;
    }

    /** The failed frame's {@code client_id}, or null when it had none or it was not a valid client id. */
    public String clientId() {
        return clientId;
    }

    /** The {@code error} event answering this failure on a WebSocket (no {@code retry_after_ms}). */
    public ServerEvent.ErrorEvent toErrorEvent() {
        return new ServerEvent.ErrorEvent(code.wire(), getMessage(), clientId, null);
    }
}
