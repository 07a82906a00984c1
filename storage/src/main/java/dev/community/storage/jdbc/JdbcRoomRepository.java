package dev.community.storage.jdbc;

import dev.community.storage.ConflictException;
import dev.community.storage.RoomRecord;
import dev.community.storage.RoomRepository;
import dev.community.storage.Uuids;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Rooms of every type. */
public final class JdbcRoomRepository implements RoomRepository {
    static final Set<String> ROOM_TYPES = Set.of("forum", "circle", "dm");
    static final Set<String> VISIBILITIES = Set.of("public", "private", "unlisted");

    private static final String SELECT = "SELECT " + Rows.ROOM_COLUMNS + " FROM rooms r ";
    private static final String INSERT = "INSERT INTO rooms (id, name, slug, room_type, visibility, creator_id,"
            + " description, member_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_FORUM = "INSERT INTO rooms (id, name, slug, room_type, visibility,"
            + " description, created_at) VALUES (?, ?, ?, 'forum', 'public', '', ?) ON CONFLICT DO NOTHING";
    static final String INSERT_MEMBER = "INSERT INTO room_memberships (room_id, user_id, role, joined_at)"
            + " VALUES (?, ?, ?, ?)";

    private final Jdbc jdbc;

    public JdbcRoomRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<RoomRecord> findById(UUID id) {
        return jdbc.one(SELECT + "WHERE r.id = ? AND r.is_deleted = FALSE", Rows::room, id);
    }

    @Override
    public Optional<RoomRecord> findBySlug(String slug) {
        return jdbc.one(SELECT + "WHERE r.slug = ? AND r.is_deleted = FALSE", Rows::room, slug);
    }

    @Override
    public List<RoomRecord> ensureForums(List<String> slugs) {
        Instant now = Jdbc.now();
        return jdbc.read(c -> {
            List<RoomRecord> forums = new ArrayList<>();
            for (String slug : slugs) {
                // a forum another node created meanwhile is simply not inserted again
                Jdbc.update(c, INSERT_FORUM, Uuids.v7(), slug, slug, now);
                forums.add(Jdbc.one(c, SELECT + "WHERE r.slug = ?", Rows::room, slug).orElseThrow());
            }
            return forums;
        });
    }

    @Override
    public RoomRecord create(String name, String slug, String roomType, String visibility, String creatorId,
            String description) {
        requireOneOf("room_type", roomType, ROOM_TYPES);
        requireOneOf("visibility", visibility, VISIBILITIES);
        UUID id = Uuids.v7();
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            insertRoom(c, id, name, slug, roomType, visibility, creatorId, description, 1, now);
            Jdbc.update(c, INSERT_MEMBER, id, creatorId, "owner", now);
            return Jdbc.one(c, SELECT + "WHERE r.id = ?", Rows::room, id).orElseThrow();
        });
    }

    static void insertRoom(Connection c, UUID id, String name, String slug, String roomType, String visibility,
            String creatorId, String description, long memberCount, Instant now) throws SQLException {
        try {
            Jdbc.update(c, INSERT, id, name, slug, roomType, visibility, creatorId,
                    description == null ? "" : description, memberCount, now);
        } catch (SQLException e) {
            if (Jdbc.isUniqueViolation(e)) {
                throw new ConflictException("slug already in use: " + slug);
            }
            throw e;
        }
    }

    static void requireOneOf(String field, String value, Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + ", got " + value);
        }
    }
}
