package dev.community.storage;

import dev.community.protocol.User;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/** Who blocks whom: a blocker sees nothing of the blocked user, and a 1:1 DM between them takes no messages. */
public interface BlockRepository {

    /** @return false when the block already existed; blocking oneself is an IllegalArgumentException */
    boolean block(String blockerId, String blockedId);

    /** @return false when there was no such block */
    boolean unblock(String blockerId, String blockedId);

    /**
     * The users {@code blockerId} blocks, by user id.
     *
     * @param cursor null for the first page
     * @param limit  1..100
     */
    Page<BlockedUser> blocked(String blockerId, String cursor, int limit);

    /** {@code blockerId}'s block of {@code blockedId}, if there is one. */
    Optional<BlockedUser> find(String blockerId, String blockedId);

    /** Whether either user blocks the other (1:1 DMs are closed then). */
    boolean isBlockedEitherWay(String userA, String userB);

    /** Everyone who blocks {@code userId}: the members that fan-out must skip for that author's messages. */
    Set<String> blockersOf(String userId);

    /**
     * Every user each of {@code blockerIds} blocks, in one query (a reconnect storm's block lists, grouped); every
     * asked id has an entry, empty when it blocks nobody.
     */
    java.util.Map<String, java.util.Set<String>> blockedIdsOfAll(java.util.Collection<String> blockerIds);

    /** Every user {@code blockerId} blocks (a session filters its deliveries with this set). */
    default java.util.Set<String> blockedIdsOf(String blockerId) {
        java.util.Set<String> ids = new java.util.HashSet<>();
        String cursor = null;
        do {
            Page<BlockedUser> page = blocked(blockerId, cursor, 100);
            page.results().forEach(b -> ids.add(b.user().id()));
            cursor = page.nextCursor();
        } while (cursor != null);
        return ids;
    }

    record BlockedUser(User user, Instant createdAt) {
    }
}
