package dev.community.server.admission;

import dev.community.protocol.Role;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One room as admission sees it in memory: its row and every membership that can matter to a connection (members
 * and banned users, each with its read marker). Changed only through {@link RoomDirectory}, from any thread; reads
 * take no lock. The row's member count follows the memberships held (the held rows are all of the room's members),
 * so a first join shows in the next room_state without reading the row again.
 */
public final class RoomEntry {
    private volatile RoomRecord room;
    private final Map<String, Membership> memberships = new ConcurrentHashMap<>();
    /** Active memberships held (guarded by this for writes). */
    private volatile long members;

    RoomEntry(RoomRecord room, Iterable<Membership> memberships) {
        this.room = room;
        memberships.forEach(m -> this.memberships.put(m.userId(), m));
        this.members = this.memberships.values().stream().filter(Membership::isMember).count();
    }

    /** The room's row as loaded or last changed, with the member count of the memberships held now. */
    public RoomRecord room() {
        RoomRecord r = room;
        long count = members;
        return count == r.memberCount() ? r : withCounts(r, count, r.messageCount(), r.lastSeq(), r.lastMessageAt());
    }

    /**
     * {@link #room()} brought up to the newest message this node holds for the room ({@code newestSeq}, stored at
     * {@code newestAt}): the row's seq and message count move only when a setting changes, the live window follows
     * every message. One seq is one message, so the count moves with the seq (a retention purge in between is the
     * only way it over-counts, until the row is read again).
     */
    public RoomRecord room(long newestSeq, Instant newestAt) {
        RoomRecord r = room();
        if (newestSeq <= r.lastSeq()) {
            return r;
        }
        return withCounts(r, r.memberCount(), r.messageCount() + (newestSeq - r.lastSeq()), newestSeq, newestAt);
    }

    private static RoomRecord withCounts(RoomRecord r, long memberCount, long messageCount, long lastSeq,
                                         Instant lastMessageAt) {
        return new RoomRecord(r.id(), r.name(), r.slug(), r.roomType(), r.visibility(), r.creatorId(), r.description(),
                r.slowModeSeconds(), r.minTrustToJoin(), r.minTrustToPost(), memberCount, messageCount, lastSeq,
                lastMessageAt, r.createdAt());
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
    synchronized void membership(String userId, Membership updated) {
        Membership before = memberships.get(userId);
        if (updated == null || (!updated.isMember() && updated.role() != Role.BANNED)) {
            memberships.remove(userId);
        } else {
            memberships.put(userId, updated);
        }
        members += (isMember(updated) ? 1 : 0) - (isMember(before) ? 1 : 0);
    }

    /**
     * A first join this node made ({@code joined} as the database returned it), held unless something newer is
     * held already: a ban or another join of the user that was applied while this join's answer was on its way
     * (only a ban that has run out may be replaced, since the join lifted it).
     */
    synchronized void joined(String userId, Membership joined, Instant now) {
        Membership held = memberships.get(userId);
        if (held == null || (held.role() == Role.BANNED && !held.isBanned(now) && !held.isMember())) {
            membership(userId, joined);
        }
    }

    void readMarker(String userId, long lastReadSeq) {
        memberships.computeIfPresent(userId, (id, m) -> lastReadSeq <= m.lastReadSeq() ? m
                : new Membership(m.roomId(), m.userId(), m.role(), m.mutedUntil(), m.bannedUntil(), lastReadSeq,
                        m.joinedAt(), m.active()));
    }

    private static boolean isMember(Membership m) {
        return m != null && m.isMember();
    }
}
