package dev.community.storage.jdbc;

import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.storage.ConflictException;
import dev.community.storage.Membership;
import dev.community.storage.Page;
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

    private static final String SELECT = "SELECT " + Rows.ROOM_COLUMNS + " FROM rooms r ";
    private static final String INSERT = "INSERT INTO rooms (id, name, slug, room_type, visibility, creator_id,"
            + " description, member_count, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String INSERT_FORUM = "INSERT INTO rooms (id, name, slug, room_type, visibility,"
            + " description, created_at) VALUES (?, ?, ?, 'forum', 'public', '', ?)";
    static final String INSERT_MEMBER = "INSERT INTO room_memberships (room_id, user_id, role, joined_at)"
            + " VALUES (?, ?, ?, ?)";

    /**
     * Messages of users the viewer blocks are never delivered to them, so they count neither as unread nor as
     * mentions (a blocked user cannot reach the blocker with an @mention). Correlated on {@code ms} and {@code x}.
     */
    static final String NOT_FROM_BLOCKED = " AND NOT EXISTS (SELECT 1 FROM user_blocks b"
            + " WHERE b.blocker_id = ms.user_id AND b.blocked_id = x.author_id)";

    /**
     * The seqs an unread count looks at, after the viewer's marker {@code ms.last_read_seq}: only the room's latest
     * {@link dev.community.storage.MembershipRepository#UNREAD_COUNTED_MAX}, so a count is a bounded range of the
     * (room_id, seq) key however much is unread, and the range every connect and send keeps in memory.
     */
    static final String UNREAD_WINDOW = " AND x.seq > GREATEST(ms.last_read_seq, r.last_seq - "
            + dev.community.storage.MembershipRepository.UNREAD_COUNTED_MAX + ")";

    /**
     * A room with the viewer's own fields, for any WHERE clause over {@code r} (rooms) and {@code ms} (the
     * viewer's membership, active or banned). Parameters: now twice, viewer id, mention pattern, viewer id,
     * then the clause's own ({@link #viewParams}). my_role is the role as it applies now: a mute that has run
     * out reads "member", a ban that has run out null. The unread counts ({@link #NOT_FROM_BLOCKED}) are correlated subqueries on the
     * (room_id, seq) key: one statement for a whole page of rooms.
     */
    static final String VIEW = "SELECT " + Rows.ROOM_COLUMNS + ","
            + " ms.role AS my_role, ms.muted_until AS my_muted_until, ms.banned_until AS my_banned_until,"
            + " ms.is_active AS my_active,"
            + " CASE WHEN ms.is_active = TRUE THEN ms.last_read_seq END AS my_last_read_seq,"
            + " CASE WHEN ms.is_active = TRUE THEN (SELECT COUNT(*) FROM messages x WHERE x.room_id = r.id"
            + UNREAD_WINDOW + " AND x.author_id <> ? AND x.is_deleted = FALSE" + NOT_FROM_BLOCKED
            + "   ) ELSE 0 END AS unread_count,"
            + " CASE WHEN ms.is_active = TRUE THEN (SELECT COUNT(*) FROM messages x WHERE x.room_id = r.id"
            + UNREAD_WINDOW + " AND x.author_id <> ms.user_id AND x.is_deleted = FALSE"
            + "   AND x.mentions LIKE ? ESCAPE '\\'" + NOT_FROM_BLOCKED + ") ELSE 0 END AS unread_mentions"
            + " FROM rooms r LEFT JOIN room_memberships ms ON ms.room_id = r.id AND ms.user_id = ?"
            + " AND (ms.is_active = TRUE OR ms.role = 'banned') ";
    private static final String VISIBLE = VIEW + "WHERE r.is_deleted = FALSE AND r.room_type <> 'dm'"
            + " AND (r.visibility = 'public' OR ms.is_active = TRUE) ";
    private static final String UPDATE = "UPDATE rooms SET name = COALESCE(?, name),"
            + " description = COALESCE(?, description), visibility = COALESCE(?, visibility),"
            + " slow_mode_seconds = COALESCE(?, slow_mode_seconds), min_trust_to_join = COALESCE(?, min_trust_to_join),"
            + " min_trust_to_post = COALESCE(?, min_trust_to_post) WHERE id = ? AND is_deleted = FALSE";

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
                Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT_FORUM), Uuids.v7(), slug, slug, now);
                forums.add(Jdbc.one(c, SELECT + "WHERE r.slug = ?", Rows::room, slug).orElseThrow());
            }
            return forums;
        });
    }

    @Override
    public RoomRecord create(String name, String slug, RoomType roomType, Visibility visibility, String creatorId,
            String description) {
        UUID id = Uuids.v7();
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            insertRoom(jdbc.dialect(), c, id, name, slug, roomType, visibility, creatorId, description, 1, now);
            Jdbc.update(c, INSERT_MEMBER, id, creatorId, Role.OWNER.wire(), now);
            RoomRecord created = Jdbc.one(c, SELECT + "WHERE r.id = ?", Rows::room, id).orElseThrow();
            jdbc.events().roomCreated(c, created);
            return created;
        });
    }

    @Override
    public Page<Room> listVisible(String userId, String cursor, int limit) {
        Cursors.limit(limit);
        UUID after = Cursors.decodeUuid('r', cursor);
        List<Room> rows = after == null
                ? jdbc.list(VISIBLE + "ORDER BY r.id LIMIT ?", JdbcRoomRepository::view, viewParams(userId, limit + 1))
                : jdbc.list(VISIBLE + "AND r.id > ? ORDER BY r.id LIMIT ?", JdbcRoomRepository::view,
                        viewParams(userId, after, limit + 1));
        return Cursors.page(rows, limit, 'r', room -> room.id().toString());
    }

    @Override
    public Optional<Room> view(UUID roomId, String userId) {
        return jdbc.one(VIEW + "WHERE r.id = ? AND r.is_deleted = FALSE", JdbcRoomRepository::view,
                viewParams(userId, roomId));
    }

    @Override
    public Optional<RoomRecord> update(UUID roomId, RoomUpdate update) {
        requireNotNegative("slow_mode_seconds", update.slowModeSeconds());
        requireNotNegative("min_trust_to_join", update.minTrustToJoin());
        requireNotNegative("min_trust_to_post", update.minTrustToPost());
        if (update.name() != null && update.name().isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        return jdbc.inTransaction(c -> {
            int changed = Jdbc.update(c, UPDATE, update.name(), update.description(),
                    update.visibility() == null ? null : update.visibility().wire(),
                    update.slowModeSeconds(), update.minTrustToJoin(), update.minTrustToPost(), roomId);
            if (changed == 0) {
                return Optional.<RoomRecord>empty();
            }
            Optional<RoomRecord> updated = Jdbc.one(c, SELECT + "WHERE r.id = ?", Rows::room, roomId);
            if (updated.isPresent()) {
                jdbc.events().roomUpdated(c, updated.get());
            }
            return updated;
        });
    }

    /** The parameters of {@link #VIEW} for {@code viewerId}, followed by {@code more}. */
    static Object[] viewParams(String viewerId, Object... more) {
        Object[] params = new Object[3 + more.length];
        params[0] = viewerId;
        params[1] = Rows.mentionPattern(viewerId);
        params[2] = viewerId;
        System.arraycopy(more, 0, params, 3, more.length);
        return params;
    }

    /** A {@link #VIEW} row; my_role is the viewer's membership's role as it applies now ({@link Membership}). */
    static Room view(java.sql.ResultSet row) throws SQLException {
        RoomRecord r = Rows.room(row);
        long lastRead = row.getLong("my_last_read_seq");
        Long lastReadSeq = row.wasNull() ? null : lastRead;
        String role = row.getString("my_role");
        Role myRole = role == null ? null : new Membership(r.id(), null, Role.fromWire(role),
                Jdbc.instant(row, "my_muted_until"), Jdbc.instant(row, "my_banned_until"), 0, null,
                row.getBoolean("my_active"))
                .effectiveRole(Jdbc.now());
        return new Room(r.id(), r.name(), r.slug(), r.roomType(), r.visibility(), r.creatorId(), r.description(),
                r.slowModeSeconds(), r.minTrustToJoin(), r.minTrustToPost(), r.memberCount(), r.messageCount(),
                r.lastMessageAt(), r.createdAt(), myRole, lastReadSeq,
                row.getLong("unread_count"), row.getLong("unread_mentions"), r.retentionDays());
    }

    private static void requireNotNegative(String field, Integer value) {
        if (value != null && value < 0) {
            throw new IllegalArgumentException(field + " must be >= 0");
        }
    }

    static void insertRoom(SqlDialect dialect, Connection c, UUID id, String name, String slug, RoomType roomType, Visibility visibility,
            String creatorId, String description, long memberCount, Instant now) throws SQLException {
        try {
            Jdbc.update(c, INSERT, id, name, slug, roomType.wire(), visibility.wire(), creatorId,
                    description == null ? "" : description, memberCount, now);
        } catch (SQLException e) {
            if (dialect.isUniqueViolation(e)) {
                throw new ConflictException("slug already in use: " + slug);
            }
            throw e;
        }
    }
}
