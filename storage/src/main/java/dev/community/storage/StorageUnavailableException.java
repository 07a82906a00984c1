package dev.community.storage;

/**
 * The store could not take the request right now (connection lost, commit failed, writer queue full or shut
 * down). Nothing was stored; the client may retry with the same client_id. Maps to {@code unavailable}.
 */
public final class StorageUnavailableException extends RuntimeException {
    public StorageUnavailableException(String message) {
        super(message);
    }

    public StorageUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
