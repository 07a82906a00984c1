package dev.community.storage.jdbc;

import dev.community.protocol.Role;
import dev.community.protocol.User;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository;
import dev.community.storage.Page;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Memberships, roles and read markers. A membership row outlives leaving ({@code is_active = FALSE}) so that
 * a ban and the read marker survive it; {@link #find} sees active memberships and bans.
 */
public final class JdbcMembershipRepository implements MembershipRepository {

    private static final String SELECT = "SELECT " + Rows.MEMBERSHIP_COLUMNS + " FROM room_memberships ms ";
    private static final String FIND = SELECT
            + "WHERE ms.room_id = ? AND ms.user_id = ? AND (ms.is_active = TRUE OR ms.role = 'banned')";
    private static final String LOCK_ANY = SELECT + "WHERE ms.room_id = ? AND ms.user_id = ?";
    private static final String INSERT = "INSERT INTO room_memberships (room_id, user_id, role, joined_at, last_read_seq)"
            + " VALUES (?, ?, ?, ?, ?)";
    private static final String ROOM_LAST_SEQ = "SELECT last_seq FROM rooms WHERE id = ?";
    private static final String REACTIVATE = "UPDATE room_memberships SET is_active = TRUE, joined_at = ?,"
            + " role = CASE WHEN role = 'banned' THEN ? ELSE role END, banned_until = NULL"
            + " WHERE room_id = ? AND user_id = ?";
    static final String MEMBER_COUNT_DELTA = "UPDATE rooms SET member_count = member_count + ? WHERE id = ?";
    private static final String MARK_READ = "UPDATE room_memberships SET last_read_seq = GREATEST(last_read_seq,"
            + " LEAST(?, (SELECT r.last_seq FROM rooms r WHERE r.id = ?))) WHERE room_id = ? AND user_id = ?"
            + " AND is_active = TRUE";
    private static final String MARKER = "SELECT ms.last_read_seq, r.last_seq FROM room_memberships ms"
            + " JOIN rooms r ON r.id = ms.room_id WHERE ms.room_id = ? AND ms.user_id = ? AND ms.is_active = TRUE";
    /**
     * Unread after a marker: not mine, not deleted, not by someone I block (JdbcRoomRepository#NOT_FROM_BLOCKED);
     * mentions found by a LIKE on the JSON text (Rows#mentionPattern); only the room's latest
     * {@link MembershipRepository#UNREAD_COUNTED_MAX} seqs (JdbcRoomRepository#UNREAD_WINDOW): the first parameter
     * after the room is the later of the marker and {@code last_seq - UNREAD_COUNTED_MAX}.
     */
    static final String UNREAD = "SELECT COUNT(*) AS unread_count,"
            + " COALESCE(SUM(CASE WHEN mentions LIKE ? ESCAPE '\\' THEN 1 ELSE 0 END), 0) AS unread_mentions"
            + " FROM messages x WHERE room_id = ? AND seq > ? AND author_id <> ? AND is_deleted = FALSE"
            + " AND NOT EXISTS (SELECT 1 FROM user_blocks b WHERE b.blocker_id = ? AND b.blocked_id = x.author_id)";

    private static final String MEMBERS = "SELECT " + Rows.MEMBERSHIP_COLUMNS + ", COALESCE(u.username, ms.user_id)"
            + " AS username FROM room_memberships ms LEFT JOIN users u ON u.id = ms.user_id"
            + " WHERE ms.room_id = ? AND (ms.is_active = TRUE OR ms.role = 'banned') ";
    /**
     * A page of {@link #MEMBERS} in user id order after a user id ({@link Cursors#BEFORE_EVERY_USER} for the first
     * page, so every page is this one statement). The room id leads the ORDER BY, so the embedded store reads the
     * primary key in order and stops at the limit (H2RoomOrderPlansTest).
     */
    static final String MEMBERS_AFTER = MEMBERS + "AND ms.user_id > ? ORDER BY ms.room_id, ms.user_id LIMIT ?";
    private static final String SET_ROLE = "UPDATE room_memberships SET role = ?, muted_until = NULL,"
            + " banned_until = NULL WHERE room_id = ? AND user_id = ? AND (is_active = TRUE OR role = 'banned')";
    private static final String INSERT_RESTRICTED = "INSERT INTO room_memberships (room_id, user_id, role,"
            + " muted_until, banned_until, is_active, joined_at) VALUES (?, ?, ?, ?, ?, FALSE, ?)";
    private static final String MUTE = "UPDATE room_memberships SET role = 'muted', muted_until = ?, banned_until = NULL"
            + " WHERE room_id = ? AND user_id = ?";
    private static final String BAN = "UPDATE room_memberships SET role = 'banned', banned_until = ?,"
            + " muted_until = NULL, is_active = FALSE WHERE room_id = ? AND user_id = ?";
    private static final String LEAVE = "UPDATE room_memberships SET is_active = FALSE"
            + " WHERE room_id = ? AND user_id = ? AND is_active = TRUE";

    private final Jdbc jdbc;

    public JdbcMembershipRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Membership> find(UUID roomId, String userId) {
        return jdbc.one(FIND, Rows::membership, roomId, userId);
    }

    @Override
    public Membership join(UUID roomId, String userId, Role role) {
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> join(jdbc, c, roomId, userId, role, now));
    }

    @Override
    public List<Membership> joinAll(List<Join> joins) {
        Instant now = Jdbc.now();
        // Rows are locked in one order (room, then user) whatever the callers' order, so two groups never deadlock.
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < joins.size(); i++) {
            order.add(i);
        }
        order.sort(java.util.Comparator.comparing((Integer i) -> joins.get(i).roomId())
                .thenComparing(i -> joins.get(i).userId()));
        return jdbc.inTransaction(c -> {
            Membership[] joined = new Membership[joins.size()];
            int from = 0;
            while (from < order.size()) {
                UUID roomId = joins.get(order.get(from)).roomId();
                int to = from;
                while (to < order.size() && joins.get(order.get(to)).roomId().equals(roomId)) {
                    to++;
                }
                joinRoom(c, roomId, joins, order.subList(from, to), joined, now);
                from = to;
            }
            return java.util.Arrays.asList(joined);
        });
    }

    /**
     * One room's share of {@link #joinAll}, the joins in user order: what {@link #join} does per user, with the
     * statements that are the room's made once for all of them — the rows locked in one query, the room's
     * {@code last_seq} read once, its member count raised once, the new rows read back in one query. A reconnect
     * storm of newcomers spent a third of the server in five statements a join (docs/BENCHMARKS.md, "The 10,000-client
     * connect-storm"). Someone coming back after leaving takes {@link #join}'s path.
     */
    private void joinRoom(Connection c, UUID roomId, List<Join> joins, List<Integer> indexes, Membership[] joined,
                          Instant now) throws SQLException {
        Map<String, Membership> existing = lockAll(c, roomId, indexes.stream().map(i -> joins.get(i).userId()).toList());
        List<Integer> newcomers = new ArrayList<>();
        for (int i : indexes) {
            Join join = joins.get(i);
            Membership row = existing.get(join.userId());
            if (row == null) {
                newcomers.add(i);
            } else if (row.active() || row.isBanned(now)) {
                joined[i] = row;
            } else {
                joined[i] = join(jdbc, c, roomId, join.userId(), join.role(), now);
            }
        }
        if (newcomers.isEmpty()) {
            return;
        }
        // A newcomer's marker starts at the room's newest message, as in join
        long lastSeq = Jdbc.one(c, ROOM_LAST_SEQ, r -> r.getLong(1), roomId).orElse(0L);
        Set<String> inserted = new HashSet<>();
        for (int i : newcomers) {
            Join join = joins.get(i);
            // the same user twice in a group, or a concurrent first join elsewhere, inserts nothing the second time
            if (Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT), roomId, join.userId(), join.role().wire(),
                    now, lastSeq) == 1) {
                inserted.add(join.userId());
            }
        }
        if (!inserted.isEmpty()) {
            Jdbc.update(c, MEMBER_COUNT_DELTA, inserted.size(), roomId);
        }
        Map<String, Membership> rows = lockAll(c, roomId, newcomers.stream().map(i -> joins.get(i).userId()).toList());
        for (int i : newcomers) {
            joined[i] = rows.get(joins.get(i).userId());
            if (joined[i] == null) {
                throw new SQLException("membership of " + joins.get(i).userId() + " in " + roomId + " vanished");
            }
            if (inserted.remove(joins.get(i).userId())) {
                jdbc.events().memberJoined(c, joined[i]);
            }
        }
    }

    /** The room's membership rows of these users, locked for the transaction, by user id. */
    private Map<String, Membership> lockAll(Connection c, UUID roomId, List<String> userIds) throws SQLException {
        List<String> distinct = List.copyOf(new LinkedHashSet<>(userIds));
        Object[] params = new Object[distinct.size() + 1];
        params[0] = roomId;
        for (int i = 0; i < distinct.size(); i++) {
            params[i + 1] = distinct.get(i);
        }
        Map<String, Membership> rows = new HashMap<>();
        for (Membership row : Jdbc.list(c, SELECT + "WHERE ms.room_id = ? AND ms.user_id IN (" + Jdbc.marks(distinct.size())
                + ") ORDER BY ms.room_id, ms.user_id" + jdbc.dialect().lockRows(), Rows::membership, params)) {
            rows.put(row.userId(), row);
        }
        return rows;
    }

    @Override
    public List<Membership> allOf(UUID roomId) {
        return jdbc.list(SELECT + "WHERE ms.room_id = ? AND (ms.is_active = TRUE OR ms.role = 'banned')", Rows::membership,
                roomId);
    }

    /** {@link #join} inside the caller's transaction. */
    static Membership join(Jdbc jdbc, Connection c, UUID roomId, String userId, Role role, Instant now)
            throws SQLException {
        Optional<Membership> existing = Jdbc.one(c, LOCK_ANY + jdbc.dialect().lockRows(), Rows::membership, roomId, userId);
        if (existing.isEmpty()) {
            // A newcomer's marker starts at the room's newest message: the history before they joined is not
            // "unread" for them (and counting it would cost a scan of the whole room on every connect).
            long lastSeq = Jdbc.one(c, ROOM_LAST_SEQ, r -> r.getLong(1), roomId).orElse(0L);
            // a concurrent first join of the same user inserts nothing here and is returned as stored
            boolean inserted = Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT), roomId, userId, role.wire(), now, lastSeq) == 1;
            if (inserted) {
                Jdbc.update(c, MEMBER_COUNT_DELTA, 1, roomId);
            }
            Membership joined = Jdbc.one(c, LOCK_ANY + jdbc.dialect().lockRows(), Rows::membership, roomId, userId).orElseThrow();
            if (inserted) {
                jdbc.events().memberJoined(c, joined);
            }
            return joined;
        }
        Membership row = existing.get();
        if (row.active() || row.isBanned(now)) {
            return row;
        }
        // back after leaving, or after a ban that has run out: a member again, under the old role unless banned
        Jdbc.update(c, REACTIVATE, now, role.wire(), roomId, userId);
        Jdbc.update(c, MEMBER_COUNT_DELTA, 1, roomId);
        Membership back = Jdbc.one(c, LOCK_ANY + jdbc.dialect().lockRows(), Rows::membership, roomId, userId).orElseThrow();
        jdbc.events().memberJoined(c, back);
        return back;
    }

    /**
     * Reads the candidates in user id order and keeps those {@link Membership#isListed} now (the rule lives there,
     * not in SQL), reading on past left-out rows until the page and one more are found or the rows run out.
     */
    @Override
    public Page<Member> members(UUID roomId, String cursor, int limit) {
        Cursors.limit(limit);
        String after = Cursors.decode('m', cursor, Cursors.BEFORE_EVERY_USER);
        Instant now = Jdbc.now();
        List<Member> listed = new ArrayList<>(limit + 1);
        while (listed.size() <= limit) {
            List<Listed> batch = jdbc.list(MEMBERS_AFTER, Listed::of, roomId, after, limit + 1);
            for (Listed candidate : batch) {
                if (candidate.membership().isListed(now) && listed.size() <= limit) {
                    listed.add(member(candidate, now));
                }
            }
            if (batch.size() <= limit) {
                break;
            }
            after = batch.get(batch.size() - 1).membership().userId();
        }
        return Cursors.page(listed, limit, 'm', member -> member.user().id());
    }

    @Override
    public Optional<Membership> setRole(UUID roomId, String userId, Role role) {
        if (role.isRestriction()) {
            throw new IllegalArgumentException("a restriction is set with restrict(), not setRole(): " + role);
        }
        return jdbc.inTransaction(c -> Jdbc.update(c, SET_ROLE, role.wire(), roomId, userId) == 0
                ? Optional.<Membership>empty()
                : Jdbc.one(c, LOCK_ANY + jdbc.dialect().lockRows(), Rows::membership, roomId, userId));
    }

    @Override
    public Membership restrict(UUID roomId, String userId, Role role, Instant until) {
        if (!role.isRestriction()) {
            throw new IllegalArgumentException("restrict() takes muted or banned, not " + role);
        }
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            Optional<Membership> existing = Jdbc.one(c, LOCK_ANY + jdbc.dialect().lockRows(), Rows::membership, roomId, userId);
            if (existing.isEmpty()) {
                // not a member: the restriction waits in an inactive row for when they join
                Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT_RESTRICTED), roomId, userId, role.wire(), role == Role.MUTED ? until : null,
                        role == Role.BANNED ? until : null, now);
            } else if (role == Role.MUTED) {
                Jdbc.update(c, MUTE, until, roomId, userId);
            } else {
                Jdbc.update(c, BAN, until, roomId, userId);
                if (existing.get().active()) {
                    Jdbc.update(c, MEMBER_COUNT_DELTA, -1, roomId);
                }
            }
            return Jdbc.one(c, LOCK_ANY + jdbc.dialect().lockRows(), Rows::membership, roomId, userId).orElseThrow();
        });
    }

    @Override
    public boolean leave(UUID roomId, String userId) {
        return jdbc.inTransaction(c -> {
            if (Jdbc.update(c, LEAVE, roomId, userId) == 0) {
                return false;
            }
            Jdbc.update(c, MEMBER_COUNT_DELTA, -1, roomId);
            jdbc.events().memberLeft(c, roomId, userId);
            return true;
        });
    }

    /** A member as listed at {@code now}: a mute that has run out is listed as the plain member it left behind. */
    private static Member member(Listed listed, Instant now) {
        Membership m = listed.membership();
        Role role = m.effectiveRole(now);
        Instant until = switch (role) {
            case MUTED -> m.mutedUntil();
            case BANNED -> m.bannedUntil();
            default -> null;
        };
        return new Member(new User(m.userId(), listed.username()), role, until, m.joinedAt());
    }

    /** A row of {@link #MEMBERS}: the membership and the member's display name. */
    private record Listed(Membership membership, String username) {
        static Listed of(java.sql.ResultSet row) throws SQLException {
            return new Listed(Rows.membership(row), row.getString("username"));
        }
    }

    @Override
    public ReadMarker markRead(UUID roomId, String userId, long seq) {
        return jdbc.read(c -> {
            Jdbc.update(c, MARK_READ, seq, roomId, roomId, userId);
            return marker(c, roomId, userId);
        });
    }

    @Override
    public ReadMarker readMarker(UUID roomId, String userId) {
        return jdbc.read(c -> marker(c, roomId, userId));
    }

    private static ReadMarker marker(Connection c, UUID roomId, String userId) throws SQLException {
        Optional<long[]> seqs = Jdbc.one(c, MARKER, row -> new long[] {row.getLong(1), row.getLong(2)}, roomId, userId);
        if (seqs.isEmpty()) {
            return new ReadMarker(0, 0, 0);
        }
        long marker = seqs.get()[0];
        long countedAfter = Math.max(marker, seqs.get()[1] - UNREAD_COUNTED_MAX);
        return Jdbc.one(c, UNREAD, row -> new ReadMarker(marker, row.getLong("unread_count"),
                        row.getLong("unread_mentions")),
                Rows.mentionPattern(userId), roomId, countedAfter, userId, userId)
                .orElseThrow();
    }
}
