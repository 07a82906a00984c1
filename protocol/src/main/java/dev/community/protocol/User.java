package dev.community.protocol;

/** A user as it appears on the wire: {@code {"id": "u1", "username": "alice"}}. */
public record User(String id, String username) {
}
