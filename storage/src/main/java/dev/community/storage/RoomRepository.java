package dev.community.storage;

import dev.community.protocol.Room;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Rooms of every type (forum, circle, dm). */
public interface RoomRepository {

    Optional<RoomRecord> findById(UUID id);

    Optional<RoomRecord> findBySlug(String slug);

    /** Creates each missing public forum (slug = name) and returns all of them; idempotent across restarts and nodes. */
    List<RoomRecord> ensureForums(List<String> slugs);

    /** Creates a room and makes {@code creatorId} its owner in the same transaction. */
    RoomRecord create(String name, String slug, RoomType roomType, Visibility visibility, String creatorId, String description);

    /**
     * Forums and circles {@code userId} may see, by id (creation order): public ones, and private or unlisted
     * ones only where they are an active member. Each comes with the viewer's my_role (as it applies now, see
     * {@link Membership#effectiveRole}), last_read_seq,
     * unread_count and unread_mentions, all computed in one query. DMs are listed by
     * {@link DirectMessageRepository#listForUser}.
     *
     * @param cursor null for the first page
     * @param limit  1..100
     */
    Page<Room> listVisible(String userId, String cursor, int limit);

    /**
     * Any room (forum, circle or DM) as {@code userId} sees it, whatever its visibility (access is the caller's
     * decision); the viewer's fields are null / 0 when they are not a member. Empty when there is no such room.
     */
    Optional<Room> view(UUID roomId, String userId);

    /**
     * Changes the room's settings that {@code update} carries (non-null fields only) and returns the room as
     * stored; empty when there is no such room.
     */
    Optional<RoomRecord> update(UUID roomId, RoomUpdate update);

    /**
     * The settings an owner or admin may change (PATCH /community/rooms/{id}/); null = unchanged. Numbers must
     * be ≥ 0.
     */
    record RoomUpdate(String name, String description, Visibility visibility, Integer slowModeSeconds,
            Integer minTrustToJoin, Integer minTrustToPost) {
    }
}
