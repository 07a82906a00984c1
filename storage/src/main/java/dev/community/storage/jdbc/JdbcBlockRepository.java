package dev.community.storage.jdbc;

import dev.community.protocol.User;
import dev.community.storage.BlockRepository;
import dev.community.storage.Page;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Block relations, keyed (blocker, blocked), with an index on (blocked, blocker) for {@link #blockersOf}. */
public final class JdbcBlockRepository implements BlockRepository {
    private static final String BLOCK = "INSERT INTO user_blocks (blocker_id, blocked_id, created_at) VALUES (?, ?, ?)";
    private static final String UNBLOCK = "DELETE FROM user_blocks WHERE blocker_id = ? AND blocked_id = ?";
    private static final String BLOCKED = "SELECT b.blocked_id, COALESCE(u.username, b.blocked_id) AS username,"
            + " b.created_at FROM user_blocks b LEFT JOIN users u ON u.id = b.blocked_id WHERE b.blocker_id = ? ";
    /** A page of {@link #BLOCKED} after a user id, read in primary key order on either store (H2RoomOrderPlansTest). */
    static final String BLOCKED_AFTER = BLOCKED + "AND b.blocked_id > ? ORDER BY b.blocker_id, b.blocked_id LIMIT ?";
    private static final String EITHER_WAY = "SELECT COUNT(*) FROM user_blocks WHERE (blocker_id = ? AND blocked_id = ?)"
            + " OR (blocker_id = ? AND blocked_id = ?)";
    private static final String BLOCKERS = "SELECT blocker_id FROM user_blocks WHERE blocked_id = ?";
    /** Ids asked at once in {@link #blockedIdsOfAll}: one statement, well under any driver's parameter limit. */
    static final int IDS_PER_QUERY = 500;

    private final Jdbc jdbc;

    public JdbcBlockRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public boolean block(String blockerId, String blockedId) {
        if (blockerId.equals(blockedId)) {
            throw new IllegalArgumentException("cannot block oneself");
        }
        return jdbc.update(jdbc.dialect().insertSkippingDuplicates(BLOCK), blockerId, blockedId, Jdbc.now()) == 1;
    }

    @Override
    public java.util.Map<String, java.util.Set<String>> blockedIdsOfAll(java.util.Collection<String> blockerIds) {
        java.util.Map<String, java.util.Set<String>> lists = new java.util.HashMap<>();
        java.util.List<String> ids = new java.util.ArrayList<>(new java.util.LinkedHashSet<>(blockerIds));
        ids.forEach(id -> lists.put(id, new java.util.HashSet<>()));
        for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
            java.util.List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
            String sql = "SELECT blocker_id, blocked_id FROM user_blocks WHERE blocker_id IN ("
                    + Jdbc.marks(chunk.size()) + ")";
            for (String[] pair : jdbc.list(sql, row -> new String[] {row.getString(1), row.getString(2)},
                    chunk.toArray())) {
                lists.get(pair[0]).add(pair[1]);
            }
        }
        return lists;
    }

    @Override
    public boolean unblock(String blockerId, String blockedId) {
        return jdbc.update(UNBLOCK, blockerId, blockedId) == 1;
    }

    @Override
    public Page<BlockedUser> blocked(String blockerId, String cursor, int limit) {
        Cursors.limit(limit);
        String after = Cursors.decode('b', cursor, Cursors.BEFORE_EVERY_USER);
        Jdbc.RowMapper<BlockedUser> mapper = JdbcBlockRepository::blockedUser;
        List<BlockedUser> rows = jdbc.list(BLOCKED_AFTER, mapper, blockerId, after, limit + 1);
        return Cursors.page(rows, limit, 'b', blocked -> blocked.user().id());
    }

    @Override
    public Optional<BlockedUser> find(String blockerId, String blockedId) {
        return jdbc.one(BLOCKED + "AND b.blocked_id = ?", JdbcBlockRepository::blockedUser, blockerId, blockedId);
    }

    @Override
    public boolean isBlockedEitherWay(String userA, String userB) {
        return jdbc.read(c -> Jdbc.count(c, EITHER_WAY, userA, userB, userB, userA)) > 0;
    }

    @Override
    public Set<String> blockersOf(String userId) {
        return Set.copyOf(new HashSet<>(jdbc.list(BLOCKERS, row -> row.getString(1), userId)));
    }

    private static BlockedUser blockedUser(java.sql.ResultSet row) throws java.sql.SQLException {
        return new BlockedUser(new User(row.getString("blocked_id"), row.getString("username")),
                Jdbc.instant(row, "created_at"));
    }
}
