package dev.community.storage.jdbc;

import dev.community.storage.SearchQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.postgresql.PGStatement;

/** PostgreSQL: everything the repositories write its way (see {@link SqlDialect}). */
final class PostgresDialect implements SqlDialect {
    static final PostgresDialect INSTANCE = new PostgresDialect();

    private PostgresDialect() {
    }

    @Override
    public String insertSkippingDuplicates(String insert) {
        return insert + " ON CONFLICT DO NOTHING";
    }

    /** The whole batch as one statement over column arrays: one round trip and one parse whatever its size. */
    @Override
    public MessageInsert messageInsert() {
        return new UnnestMessageInsert();
    }

    @Override
    public String lockRows() {
        return " FOR UPDATE";
    }

    /** Nodes claiming side by side skip each other's locked rows rather than wait for them. */
    @Override
    public String lockRowsSkippingLocked() {
        return " FOR UPDATE SKIP LOCKED";
    }

    @Override
    public boolean skipsLockedRows() {
        return true;
    }

    /**
     * Never a server-side prepared statement whose generic plan is reused: 0 makes the driver always use the unnamed
     * statement, which PostgreSQL plans with the actual values and table size. A plan cached on a just-created
     * database, with no statistics, can stay on an index that was as good as any while the table was empty and is
     * ruinous later.
     */
    @Override
    public void planEachTime(PreparedStatement statement) throws SQLException {
        if (statement.isWrapperFor(PGStatement.class)) {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    }

    /** A skip scan of the heads index in one recursive statement. */
    @Override
    public WebhookHeads webhookHeads() {
        return new PostgresWebhookHeads();
    }

    /**
     * The {@code search_vector} column ({@code to_tsvector('simple', content)}, kept by a trigger, see the V20
     * migration) matched by a {@code to_tsquery} over its GIN index.
     */
    @Override
    public void matchSearch(SearchQuery query, StringBuilder sql, List<Object> params) {
        sql.append(" AND m.search_vector @@ to_tsquery('simple', ?)");
        params.add(tsquery(query));
    }

    /** Ranked with {@code ts_rank}. */
    @Override
    public Optional<Rank> searchRank(SearchQuery query) {
        return Optional.of(new Rank("ts_rank(m.search_vector, to_tsquery('simple', ?))", tsquery(query)));
    }

    /**
     * The to_tsquery text: {@code 'word':*} for a word (prefix), {@code 'a' <-> 'b'} for a phrase, {@code !} for a
     * negated term, {@code |} within a clause and {@code &} between clauses.
     */
    static String tsquery(SearchQuery query) {
        StringJoiner all = new StringJoiner(" & ");
        for (List<SearchQuery.Term> clause : query.clauses()) {
            StringJoiner any = new StringJoiner(" | ", "(", ")");
            for (SearchQuery.Term term : clause) {
                List<String> lexemes = new ArrayList<>();
                for (String word : term.words()) {
                    // words hold only letters and digits; quoted all the same, so no character is ever an operator
                    lexemes.add("'" + word.replace("'", "''").replace("\\", "\\\\") + "'");
                }
                String text = term.phrase() ? "(" + String.join(" <-> ", lexemes) + ")" : lexemes.get(0) + ":*";
                any.add(term.negated() ? "!" + text : text);
            }
            all.add(any.toString());
        }
        return all.toString();
    }

    /** SQLState 23505, unique_violation. */
    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(SqlDialect.sqlState(e));
    }

    /** SQLState class 22 (data exception) or 23 (integrity constraint violation). */
    @Override
    public boolean isDataRefusal(SQLException e) {
        String state = SqlDialect.sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /** SQLState class 08 (connection exception), on the exception or a cause. */
    @Override
    public boolean isConnectionFailure(SQLException e) {
        return SqlDialect.anyStateOfClass(e, "08");
    }

    @Override
    public boolean hasTextSearch() {
        return true;
    }

    @Override
    public boolean buildsIndexesConcurrently() {
        return true;
    }

    @Override
    public String toString() {
        return "PostgreSQL";
    }

    /** A server's lost connection is SQLState class 08, which the pool evicts by itself: nothing more to tell. */
    @Override
    public boolean isDeadConnection(SQLException e) {
        return false;
    }

    /** A server is shared by design: no other process holds it. */
    @Override
    public boolean isHeldByAnotherProcess(Throwable failure) {
        return false;
    }
}
