package dev.community.storage;

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
    RoomRecord create(String name, String slug, String roomType, String visibility, String creatorId, String description);
}
