package dev.community.server.auth;

import dev.community.protocol.User;
import java.time.Instant;

/**
 * Who a verified access token speaks for.
 *
 * @param joinedAt account creation from the {@code joined_at} claim, null when the token has none
 * @param expiresAt the access token's {@code exp}: a WebSocket outliving it is closed with 4401
 */
public record Principal(String userId, String username, Instant joinedAt, int trustLevel, boolean staff,
                        Instant expiresAt) {
    public User user() {
        return new User(userId, username);
    }
}
