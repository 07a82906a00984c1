package dev.community.storage;

import dev.community.protocol.Role;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Memberships, roles and read markers. */
public interface MembershipRepository {

    /**
     * Unread counts look at no more than the room's latest this-many messages (docs/PROTOCOL.md §2.3): counting is a
     * scan, and a member who never reads a busy room would otherwise make every connect cost more as the room grows.
     * The latest rather than the first after the marker, so that the rows a count reads are the ones every connect
     * and send keeps in memory anyway: an old marker's first thousand lie in pages nothing else reads, and on the
     * embedded store such reads across an hour's history took the server's CPU from 6 to 10 % at a constant load
     * (docs/RELIABILITY.md). A client tells "more" from {@code last_seq - last_read_seq}.
     */
    int UNREAD_COUNTED_MAX = 1_000;

    Optional<Membership> find(UUID roomId, String userId);

    /**
     * Makes the user a member with {@code role} if not yet one (bumping the room's member_count) and returns
     * the membership as stored; an existing membership is returned unchanged.
     */
    Membership join(UUID roomId, String userId, Role role);

    /**
     * {@link #join} for many (room, user) pairs in one transaction — the first joins of a reconnect storm, grouped;
     * the memberships come back in the order of {@code joins}.
     */
    java.util.List<Membership> joinAll(java.util.List<Join> joins);

    /**
     * Every membership row of the room that can matter to an admission — members and banned users, each with its
     * read marker — to hold in memory while the room is live.
     */
    java.util.List<Membership> allOf(UUID roomId);

    /** One first join: {@code userId} joins {@code roomId} as {@code role}. */
    record Join(UUID roomId, String userId, Role role) {
    }

    /**
     * Moves the user's read marker forward to {@code seq} (never backwards) and returns the marker with the
     * user's unread count after it.
     */
    ReadMarker markRead(UUID roomId, String userId, long seq);

    /**
     * The user's marker and unread counts in the room (messages after it, not theirs, not deleted, among the room's
     * latest {@link #UNREAD_COUNTED_MAX}); all 0 when they are not a member. Mentions are found with a LIKE on the
     * mentions JSON text for the id as a quoted JSON string (so "u1" does not match "u10"), LIKE wildcards in the id
     * escaped.
     */
    ReadMarker readMarker(UUID roomId, String userId);

    /**
     * The room's members by user id: active members and banned users (so moderators see whom to unban), as
     * they stand now ({@link Membership#isListed}, {@link Membership#effectiveRole}).
     *
     * @param cursor null for the first page
     * @param limit  1..100
     */
    Page<Member> members(UUID roomId, String cursor, int limit);

    /**
     * Gives an active member, or a banned user, a role other than muted/banned (use {@link #restrict} for
     * those) and lifts any mute or ban. An unbanned user is not a member again until they join. Empty when the
     * user has no such membership.
     */
    Optional<Membership> setRole(UUID roomId, String userId, Role role);

    /**
     * Mutes ({@link Role#MUTED}) or bans ({@link Role#BANNED}) the user in the room until {@code until}
     * (null = until lifted), whether or not they are a member. A ban ends the membership (member_count goes
     * down) but keeps the row, so the ban holds when they come back; a mute keeps them a member.
     */
    Membership restrict(UUID roomId, String userId, Role role, Instant until);

    /** Ends the user's membership (member_count goes down); false when they were not an active member. */
    boolean leave(UUID roomId, String userId);

    /** One entry of the members list: {@code until} is the end of the mute or ban, null otherwise or if permanent. */
    record Member(User user, Role role, Instant until, Instant joinedAt) {
    }

    /** @param lastReadSeq the marker; unreadCount / unreadMentions after it */
    record ReadMarker(long lastReadSeq, long unreadCount, long unreadMentions) {
    }
}
