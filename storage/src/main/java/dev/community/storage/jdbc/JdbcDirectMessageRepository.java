package dev.community.storage.jdbc;

import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.DirectMessageRepository;
import dev.community.storage.Page;
import dev.community.storage.Uuids;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * DM threads as private rooms of type "dm" plus a dm_threads row of the same id. Find-or-create of a 1:1
 * thread inserts the room and then its dm_threads row with {@code ON CONFLICT DO NOTHING} on the unique pair
 * key: the loser of a race inserts nothing there, rolls its room back, and reads the winner's thread.
 */
public final class JdbcDirectMessageRepository implements DirectMessageRepository {
    private static final int NAME_LIMIT = 100;

    /** {@link JdbcRoomRepository#VIEW} joined to dm_threads, with is_group. */
    private static final String DM_VIEW = "SELECT d.is_group AS dm_is_group, "
            + JdbcRoomRepository.VIEW.substring("SELECT ".length()) + "JOIN dm_threads d ON d.id = r.id ";
    private static final String BY_PAIR = "SELECT id FROM dm_threads WHERE pair_key = ?";
    private static final String INSERT_THREAD = "INSERT INTO dm_threads (id, is_group, pair_key, created_at)"
            + " VALUES (?, ?, ?, ?)";
    private static final String USERNAME = "SELECT username FROM users WHERE id = ?";
    private static final String IS_PARTICIPANT = "SELECT COUNT(*) FROM room_memberships ms JOIN dm_threads d"
            + " ON d.id = ms.room_id WHERE ms.room_id = ? AND ms.user_id = ? AND ms.is_active = TRUE";

    /** The pair key is "a|b" of the sorted ids (user ids never contain '|'): a block either way matches one order. */
    private static final String BLOCKED_DIRECT = "SELECT COUNT(*) FROM dm_threads d JOIN user_blocks b"
            + " ON d.pair_key = b.blocker_id || '|' || b.blocked_id OR d.pair_key = b.blocked_id || '|' || b.blocker_id"
            + " WHERE d.id = ? AND d.is_group = FALSE";

    private final Jdbc jdbc;

    public JdbcDirectMessageRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Opened openDirect(String userId, String otherUserId) {
        if (userId.equals(otherUserId)) {
            throw new IllegalArgumentException("a direct message needs two different users");
        }
        String pairKey = userId.compareTo(otherUserId) < 0 ? userId + "|" + otherUserId : otherUserId + "|" + userId;
        Optional<UUID> existing = jdbc.one(BY_PAIR, row -> Jdbc.uuid(row, "id"), pairKey);
        if (existing.isPresent()) {
            return new Opened(find(existing.get(), userId).orElseThrow(), false);
        }
        UUID id = Uuids.v7();
        try {
            jdbc.inTransaction(c -> {
                Instant now = Jdbc.now();
                insertRoom(c, id, userId, List.of(userId, otherUserId), now);
                if (Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT_THREAD), id, false, pairKey, now) == 0) {
                    throw new PairTaken();
                }
                Jdbc.update(c, JdbcRoomRepository.INSERT_MEMBER, id, userId, Role.MEMBER.wire(), now);
                Jdbc.update(c, JdbcRoomRepository.INSERT_MEMBER, id, otherUserId, Role.MEMBER.wire(), now);
                jdbc.events().dmCreated(c, id, false, userId, List.of(userId, otherUserId));
                return null;
            });
        } catch (PairTaken raced) {
            UUID winner = jdbc.one(BY_PAIR, row -> Jdbc.uuid(row, "id"), pairKey).orElseThrow();
            return new Opened(find(winner, userId).orElseThrow(), false);
        }
        return new Opened(find(id, userId).orElseThrow(), true);
    }

    @Override
    public DmThread createGroup(String creatorId, List<String> otherParticipantIds) {
        LinkedHashSet<String> others = new LinkedHashSet<>(otherParticipantIds);
        others.remove(creatorId);
        if (others.isEmpty()) {
            throw new IllegalArgumentException("a group DM needs at least one other participant");
        }
        List<String> everyone = new ArrayList<>();
        everyone.add(creatorId);
        everyone.addAll(others);
        UUID id = Uuids.v7();
        jdbc.inTransaction(c -> {
            Instant now = Jdbc.now();
            insertRoom(c, id, creatorId, everyone, now);
            Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT_THREAD), id, true, null, now);
            Jdbc.update(c, JdbcRoomRepository.INSERT_MEMBER, id, creatorId, Role.OWNER.wire(), now);
            for (String other : others) {
                Jdbc.update(c, JdbcRoomRepository.INSERT_MEMBER, id, other, Role.MEMBER.wire(), now);
            }
            jdbc.events().dmCreated(c, id, true, creatorId, List.copyOf(everyone));
            return null;
        });
        return find(id, creatorId).orElseThrow();
    }

    @Override
    public Optional<DmThread> find(UUID threadId, String viewerId) {
        return jdbc.read(c -> {
            List<Object[]> rows = Jdbc.list(c, DM_VIEW + "WHERE r.id = ? AND r.is_deleted = FALSE",
                    JdbcDirectMessageRepository::row, JdbcRoomRepository.viewParams(viewerId, threadId));
            return withParticipants(c, rows).stream().findFirst();
        });
    }

    @Override
    public Page<DmThread> listForUser(String userId, String cursor, int limit) {
        Cursors.limit(limit);
        UUID after = Cursors.decodeUuid('d', cursor);
        String mine = DM_VIEW + "WHERE ms.is_active = TRUE AND r.is_deleted = FALSE ";
        return jdbc.read(c -> {
            List<Object[]> rows = after == null
                    ? Jdbc.list(c, mine + "ORDER BY r.id LIMIT ?", JdbcDirectMessageRepository::row,
                            JdbcRoomRepository.viewParams(userId, limit + 1))
                    : Jdbc.list(c, mine + "AND r.id > ? ORDER BY r.id LIMIT ?", JdbcDirectMessageRepository::row,
                            JdbcRoomRepository.viewParams(userId, after, limit + 1));
            return Cursors.page(withParticipants(c, rows), limit, 'd', thread -> thread.id().toString());
        });
    }

    @Override
    public boolean isParticipant(UUID threadId, String userId) {
        return jdbc.read(c -> Jdbc.count(c, IS_PARTICIPANT, threadId, userId)) > 0;
    }

    @Override
    public boolean isBlockedDirect(UUID threadId) {
        return jdbc.read(c -> Jdbc.count(c, BLOCKED_DIRECT, threadId)) > 0;
    }

    private static Object[] row(ResultSet row) throws SQLException {
        return new Object[] {JdbcRoomRepository.view(row), row.getBoolean("dm_is_group")};
    }

    /** The threads of {@code rows}, with the participants of all of them read in one query. */
    private static List<DmThread> withParticipants(Connection c, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return List.of();
        }
        String marks = Jdbc.marks(rows.size());
        Object[] ids = rows.stream().map(r -> ((Room) r[0]).id()).toArray();
        Map<UUID, List<User>> participants = new HashMap<>();
        Jdbc.list(c, "SELECT ms.room_id, ms.user_id, COALESCE(u.username, ms.user_id) AS username"
                        + " FROM room_memberships ms LEFT JOIN users u ON u.id = ms.user_id"
                        + " WHERE ms.is_active = TRUE AND ms.room_id IN (" + marks + ") ORDER BY ms.user_id",
                row -> participants.computeIfAbsent(Jdbc.uuid(row, "room_id"), k -> new ArrayList<>())
                        .add(new User(row.getString("user_id"), row.getString("username"))), ids);
        List<DmThread> threads = new ArrayList<>(rows.size());
        for (Object[] row : rows) {
            Room room = (Room) row[0];
            threads.add(new DmThread(room, (Boolean) row[1], List.copyOf(participants.getOrDefault(room.id(), List.of()))));
        }
        return threads;
    }

    /** The DM's room: private, named after its participants as last seen (ids for users never seen). */
    private void insertRoom(Connection c, UUID id, String creatorId, List<String> participants, Instant now)
            throws SQLException {
        List<String> names = new ArrayList<>();
        for (String participant : participants) {
            names.add(Jdbc.one(c, USERNAME, row -> row.getString(1), participant).orElse(participant));
        }
        String name = names.stream().collect(Collectors.joining(", "));
        if (name.length() > NAME_LIMIT) {
            name = name.substring(0, NAME_LIMIT - 1) + "…";
        }
        JdbcRoomRepository.insertRoom(jdbc.dialect(), c, id, name, "dm-" + id, RoomType.DM, Visibility.PRIVATE, creatorId, "",
                participants.size(), now);
    }

    /** Unwinds the transaction of a 1:1 thread another request created first. */
    private static final class PairTaken extends RuntimeException {
        PairTaken() {
            super("the 1:1 thread exists already", null, false, false);
        }
    }

    @Override
    public Map<UUID, List<String>> participantsOf(Connection c, java.util.Collection<UUID> roomIds)
            throws SQLException {
        Map<UUID, List<String>> participants = new HashMap<>();
        if (roomIds.isEmpty()) {
            return participants;
        }
        List<UUID> rooms = List.copyOf(new LinkedHashSet<>(roomIds));
        String marks = Jdbc.marks(rooms.size());
        List<Object[]> rows = Jdbc.list(c, "SELECT ms.room_id, ms.user_id FROM room_memberships ms"
                + " JOIN rooms r ON r.id = ms.room_id WHERE r.room_type = 'dm' AND ms.is_active = TRUE"
                + " AND ms.room_id IN (" + marks + ") ORDER BY ms.user_id",
                r -> new Object[] {Jdbc.uuid(r, "room_id"), r.getString("user_id")}, rooms.toArray());
        for (Object[] row : rows) {
            participants.computeIfAbsent((UUID) row[0], k -> new ArrayList<>()).add((String) row[1]);
        }
        return participants;
    }
}
