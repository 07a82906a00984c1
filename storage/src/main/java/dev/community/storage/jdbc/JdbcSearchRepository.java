package dev.community.storage.jdbc;

import dev.community.protocol.Message;
import dev.community.storage.Page;
import dev.community.storage.SearchQuery;
import dev.community.storage.SearchRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;

/**
 * Search and the mentions inbox over the scope the caller was given: the scope's room ids, hidden content only in
 * its moderated rooms, its excluded authors left out. Matching differs per store ({@link SearchDialect}); the rest
 * is one SQL text for both.
 */
public final class JdbcSearchRepository implements SearchRepository {
    private static final String MEMBER_ROOMS = "SELECT " + Rows.ROOM_COLUMNS + ", " + Rows.MEMBERSHIP_COLUMNS
            + " FROM room_memberships ms JOIN rooms r ON r.id = ms.room_id"
            + " WHERE ms.user_id = ? AND r.is_deleted = FALSE ORDER BY r.id";

    private final Jdbc jdbc;
    private final SqlDialect dialect;

    public JdbcSearchRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.dialect = jdbc.dialect();
    }

    @Override
    public List<MemberRoom> memberRooms(String userId) {
        return jdbc.list(MEMBER_ROOMS, row -> new MemberRoom(Rows.room(row), Rows.membership(row)), userId);
    }

    @Override
    public Page<Message> search(SearchQuery query, Scope scope, Filter filter, Sort sort, String cursor, int limit) {
        Cursors.limit(limit);
        Optional<SqlDialect.Rank> rank = sort == Sort.RELEVANCE ? dialect.searchRank(query) : Optional.empty();
        boolean byRank = rank.isPresent();
        // one cursor kind per order, so a cursor of the other order is refused instead of paging wrong
        char kind = byRank ? 'r' : 'n';
        String key = Cursors.decode(kind, cursor);
        if (scope.rooms().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(Rows.MESSAGE_COLUMNS);
        if (byRank) {
            sql.append(", ").append(rank.get().expression()).append(" AS rank");
            params.add(rank.get().parameter());
        }
        sql.append(Rows.MESSAGE_FROM).append("WHERE");
        scope(sql, params, scope);
        dialect.matchSearch(query, sql, params);
        if (filter.authorId() != null) {
            sql.append(" AND m.author_id = ?");
            params.add(filter.authorId());
        }
        if (filter.before() != null) {
            sql.append(" AND m.created_at < ?");
            params.add(filter.before());
        }
        if (filter.after() != null) {
            sql.append(" AND m.created_at > ?");
            params.add(filter.after());
        }
        if (byRank) {
            return rankedPage(query, sql, params, key, limit);
        }
        if (key != null) {
            sql.append(" AND m.id < ?");
            params.add(uuid(key));
        }
        sql.append(" ORDER BY m.id DESC LIMIT ?");
        params.add(limit + 1);
        List<Message> rows = jdbc.list(sql.toString(), Rows::message, params.toArray());
        return Cursors.page(rows, limit, kind, message -> message.id().toString());
    }

    /**
     * By rank, then id: the cursor holds the last row's rank (a float4, whose decimal form reads back exactly) and
     * id. A new message can rank anywhere, so pages stay stable in the sense that no row repeats or is skipped.
     */
    private Page<Message> rankedPage(SearchQuery query, StringBuilder sql, List<Object> params, String key, int limit) {
        String outer = "SELECT * FROM (" + sql + ") ranked";
        List<Object> all = new ArrayList<>(params);
        if (key != null) {
            int comma = key.indexOf(',');
            float rank;
            UUID id;
            try {
                rank = Float.parseFloat(key.substring(0, comma));
                id = UUID.fromString(key.substring(comma + 1));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("invalid cursor");
            }
            outer += " WHERE rank < ? OR (rank = ? AND id < ?)";
            all.add(rank);
            all.add(rank);
            all.add(id);
        }
        outer += " ORDER BY rank DESC, id DESC LIMIT ?";
        all.add(limit + 1);
        List<Ranked> rows = jdbc.list(outer, row -> new Ranked(Rows.message(row), row.getFloat("rank")), all.toArray());
        Page<Ranked> page = Cursors.page(rows, limit, 'r', r -> r.rank + "," + r.message.id());
        return new Page<>(page.results().stream().map(Ranked::message).toList(), page.nextCursor());
    }

    private record Ranked(Message message, float rank) {
    }

    @Override
    public Page<Message> mentions(String userId, Scope scope, String cursor, int limit) {
        Cursors.limit(limit);
        UUID before = Cursors.decodeUuid('m', cursor);
        if (scope.rooms().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder(Rows.MESSAGE_SELECT).append("WHERE");
        scope(sql, params, scope);
        // the same JSON-string LIKE the unread-mention counts use (MembershipRepository#readMarker)
        sql.append(" AND m.mentions LIKE ? ESCAPE '\\'");
        params.add(Rows.mentionPattern(userId));
        if (before != null) {
            sql.append(" AND m.id < ?");
            params.add(before);
        }
        sql.append(" ORDER BY m.id DESC LIMIT ?");
        params.add(limit + 1);
        List<Message> rows = jdbc.list(sql.toString(), Rows::message, params.toArray());
        return Cursors.page(rows, limit, 'm', message -> message.id().toString());
    }

    /** The scope as SQL: its rooms; hidden and deleted messages only in its moderated rooms; its authors left out. */
    private static void scope(StringBuilder sql, List<Object> params, Scope scope) {
        sql.append(" m.room_id IN ").append(marks(scope.rooms().size()));
        params.addAll(scope.rooms());
        sql.append(" AND ((m.is_hidden = FALSE AND m.is_deleted = FALSE)");
        if (!scope.moderatedRooms().isEmpty()) {
            sql.append(" OR m.room_id IN ").append(marks(scope.moderatedRooms().size()));
            params.addAll(scope.moderatedRooms());
        }
        sql.append(")");
        if (!scope.excludedAuthors().isEmpty()) {
            sql.append(" AND m.author_id NOT IN ").append(marks(scope.excludedAuthors().size()));
            params.addAll(scope.excludedAuthors());
        }
    }

    private static String marks(int count) {
        StringJoiner marks = new StringJoiner(", ", "(", ")");
        for (int i = 0; i < count; i++) {
            marks.add("?");
        }
        return marks.toString();
    }

    private static UUID uuid(String key) {
        try {
            return UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

}
