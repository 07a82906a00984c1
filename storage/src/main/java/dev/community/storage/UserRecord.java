package dev.community.storage;

import dev.community.protocol.User;
import java.time.Instant;

/** A user as first seen from JWT claims, with the number of messages they have sent (for trust gates). */
public record UserRecord(String id, String username, Instant joinedAt, int trustLevel, boolean staff, long messageCount) {
    public User toWire() {
        return new User(id, username);
    }
}
