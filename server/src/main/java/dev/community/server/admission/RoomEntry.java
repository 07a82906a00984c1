package dev.community.server.admission;

import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One room as admission sees it in memory: its row and every membership that can matter to a connection (members
 * and banned users, each with its read marker). Changed only through {@link RoomDirectory}, from any thread.
 */
public final class RoomEntry {
    private volatile RoomRecord room;
    private final Map<String, Membership> memberships = new ConcurrentHashMap<>();

    RoomEntry(RoomRecord room, Iterable<Membership> memberships) {
        this.room = room;
        memberships.forEach(m -> this.memberships.put(m.userId(), m));
    }

    public RoomRecord room() {
        return room;
    }

    /** The user's membership row if it is a member or banned; empty for anyone else. */
    public Optional<Membership> membership(String userId) {
        return Optional.ofNullable(memberships.get(userId));
    }

    /** Members and banned users held (the weight of the entry in the directory's memory budget). */
    public int size() {
        return memberships.size();
    }

    void room(RoomRecord updated) {
        this.room = updated;
    }

    /** Holds {@code updated}, or forgets the user when it is null or a row that is neither membership nor ban. */
    void membership(String userId, Membership updated) {
        if (updated == null || (!updated.isMember() && updated.role() != dev.community.protocol.Role.BANNED)) {
            memberships.remove(userId);
        } else {
            memberships.put(userId, updated);
        }
    }

    void readMarker(String userId, long lastReadSeq) {
        memberships.computeIfPresent(userId, (id, m) -> lastReadSeq <= m.lastReadSeq() ? m
                : new Membership(m.roomId(), m.userId(), m.role(), m.mutedUntil(), m.bannedUntil(), lastReadSeq,
                        m.joinedAt(), m.active()));
    }
}
