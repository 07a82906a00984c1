package dev.community.admin;

import java.util.Objects;

/** A user online in a room, as the protocol shows users: {@code {"id", "username"}}. */
public record OnlineUser(String id, String username) {
    public OnlineUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(username, "username");
    }
}
