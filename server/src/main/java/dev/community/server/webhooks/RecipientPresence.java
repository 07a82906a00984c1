package dev.community.server.webhooks;

import java.util.UUID;

/**
 * Whether a user has a connection to a room now, on this node or (in a cluster) another: who gets no
 * notification.mention / notification.dm because they saw the message live.
 */
@FunctionalInterface
public interface RecipientPresence {
    boolean connected(UUID roomId, String userId);
}
