package dev.community.storage.jdbc;

import dev.community.storage.SearchQuery;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import org.h2.api.ErrorCode;
import org.h2.mvstore.MVStoreException;

/**
 * The embedded store, H2 in PostgreSQL mode (the flags are {@code Storage.H2_FLAGS}): everything the repositories
 * write its way (see {@link SqlDialect}). The embedded store is one node by construction.
 */
final class H2Dialect implements SqlDialect {
    static final H2Dialect INSTANCE = new H2Dialect();
    /** Not a letter or digit: what separates words, on both sides of a match. */
    private static final String NON_WORD = "[^\\p{L}\\p{N}]";

    private H2Dialect() {
    }

    /**
     * PostgreSQL mode accepts {@code ON CONFLICT DO NOTHING} (never {@code DO UPDATE}: an insert-or-update is written
     * as insert-or-skip, then update), with the same effect, so the statements stay the same on both stores.
     */
    @Override
    public String insertSkippingDuplicates(String insert) {
        return insert + " ON CONFLICT DO NOTHING";
    }

    /** One JDBC batch of single-row inserts: H2 runs it in-process, one row at a time, which is what pays here. */
    @Override
    public MessageInsert messageInsert() {
        return new BatchMessageInsert();
    }

    @Override
    public String lockRows() {
        return " FOR UPDATE";
    }

    /** One node, one claimer at a time: nothing to skip, so it locks plainly. */
    @Override
    public String lockRowsSkippingLocked() {
        return " FOR UPDATE";
    }

    @Override
    public boolean skipsLockedRows() {
        return false;
    }

    /** H2 plans each execution anyway. */
    @Override
    public void planEachTime(PreparedStatement statement) {
    }

    /** A skip scan of the heads index from Java, one probe per room (H2 has none of its own). */
    @Override
    public WebhookHeads webhookHeads() {
        return new H2WebhookHeads();
    }

    /**
     * H2 has no text search PostgreSQL's way (its own full-text engine keeps a separate index by triggers and has no
     * prefix or phrase rules of this kind), so each term is a case-insensitive regular expression on the content,
     * anchored at a word start: the same matches as PostgreSQL for words and phrases, read from every message in
     * the caller's rooms (no index; fine at the embedded store's scale).
     */
    @Override
    public void matchSearch(SearchQuery query, StringBuilder sql, List<Object> params) {
        for (List<SearchQuery.Term> clause : query.clauses()) {
            StringJoiner any = new StringJoiner(" OR ", " AND (", ")");
            for (SearchQuery.Term term : clause) {
                any.add((term.negated() ? "NOT " : "") + "REGEXP_LIKE(m.content, ?)");
                params.add(regex(term));
            }
            sql.append(any);
        }
    }

    /** No ranking: relevance is newest first. */
    @Override
    public Optional<Rank> searchRank(SearchQuery query) {
        return Optional.empty();
    }

    /**
     * The Java regular expression (H2's REGEXP_LIKE) for a term: its first word at a word start, a phrase's words
     * separated by non-word characters and its last ending a word; a single word matches as a prefix.
     */
    static String regex(SearchQuery.Term term) {
        StringBuilder regex = new StringBuilder("(?iu)(?<!").append(NON_WORD.replace("[^", "[")).append(")");
        regex.append(String.join(NON_WORD + "+", term.words()));
        if (term.phrase()) {
            regex.append("(?!").append(NON_WORD.replace("[^", "[")).append(")");
        }
        return regex.toString();
    }

    /** H2 reports a duplicate key (its error 23505, DUPLICATE_KEY_1) with the standard SQLState 23505. */
    @Override
    public boolean isUniqueViolation(SQLException e) {
        return "23505".equals(SqlDialect.sqlState(e));
    }

    /** The standard classes, as H2 reports them: 22 (data exception) or 23 (integrity constraint violation). */
    @Override
    public boolean isDataRefusal(SQLException e) {
        String state = SqlDialect.sqlState(e);
        return state != null && (state.startsWith("22") || state.startsWith("23"));
    }

    /**
     * SQLState class 08. An embedded database that cannot write its file fails otherwise (its connections are
     * evicted as {@link #isDeadConnection} says).
     */
    @Override
    public boolean isConnectionFailure(SQLException e) {
        return SqlDialect.anyStateOfClass(e, "08");
    }

    /** Messages are matched by regular expressions ({@link #matchSearch}): no column, no index. */
    @Override
    public boolean hasTextSearch() {
        return false;
    }

    @Override
    public boolean buildsIndexesConcurrently() {
        return false;
    }

    @Override
    public String toString() {
        return "H2";
    }

    /**
     * When H2 cannot write its file (a full disk), it closes the database: every open connection then fails with
     * "database closed" (90098) or "called at shutdown" (90121) for good, after the store's own failure
     * ({@link MVStoreException}), while a new connection opens the files again and works as soon as there is space.
     * None of these is SQLState class 08, so the pool would hand the dead connections out forever ({@code FullDiskIT}).
     */
    @Override
    public boolean isDeadConnection(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MVStoreException) {
                return true; // the store failed a write or read: H2 closes the database after it
            }
            if (t instanceof SQLException sql && (sql.getErrorCode() == ErrorCode.DATABASE_IS_CLOSED
                    || sql.getErrorCode() == ErrorCode.DATABASE_CALLED_AT_SHUTDOWN)) {
                return true;
            }
        }
        return false;
    }

    /** The embedded store's files are locked by the process that opened them (90020, DATABASE_ALREADY_OPEN_1). */
    @Override
    public boolean isHeldByAnotherProcess(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getErrorCode() == ErrorCode.DATABASE_ALREADY_OPEN_1) {
                return true;
            }
        }
        return false;
    }
}
