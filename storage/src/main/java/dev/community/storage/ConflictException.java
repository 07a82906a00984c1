package dev.community.storage;

/**
 * The change collides with what is already stored and was not made: a room slug in use, a second report of
 * the same message by the same user. Maps to HTTP 409.
 */
public final class ConflictException extends RuntimeException {
    public ConflictException(String message) {
        super(message);
    }
}
