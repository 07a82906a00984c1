package dev.community.storage;

/**
 * The database refused this one message (a value it cannot store, a constraint it breaks, or a room that no
 * longer exists). The rest of its batch was stored; resending the same message will fail the same way.
 * The server answers it as a bad request rather than {@code unavailable}.
 */
public final class MessageRejectedException extends RuntimeException {
    public MessageRejectedException(String message) {
        super(message);
    }

    public MessageRejectedException(String message, Throwable cause) {
        super(message, cause);
    }
}
