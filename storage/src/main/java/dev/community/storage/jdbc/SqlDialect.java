package dev.community.storage.jdbc;

import dev.community.storage.SearchQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything the JDBC repositories write differently for each database, behind one object: how a duplicate is
 * skipped, how rows are locked, which SQLStates mean what, how search matches, which insert shape and which query
 * plans pay. One implementation per database, each in one file: {@link PostgresDialect} and {@link H2Dialect} (the
 * embedded store, in PostgreSQL mode). The repositories hold only SQL both accept besides what they ask of it here.
 *
 * <p>{@code Storage} picks the dialect once ({@link #forStore}) and hands it to {@link Jdbc}, the writer, search and
 * the webhook outbox; the Java migrations, which run before, ask {@link #of(Connection)}.
 */
public sealed interface SqlDialect permits PostgresDialect, H2Dialect {

    /** The dialect of the configured store: embedded H2, or PostgreSQL. */
    static SqlDialect forStore(boolean embedded) {
        return embedded ? H2Dialect.INSTANCE : PostgresDialect.INSTANCE;
    }

    /** The dialect of the database behind {@code connection} (by the driver's product name). */
    static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT);
        return product.contains("postgres") ? PostgresDialect.INSTANCE : H2Dialect.INSTANCE;
    }

    // --- writing

    /**
     * {@code insert} ({@code INSERT INTO t (...) VALUES (...)} or {@code ... SELECT ...}) made to skip, rather than
     * fail on, a row whose unique key is already taken.
     */
    String insertSkippingDuplicates(String insert);

    /** How one transaction's new messages are inserted ({@link MessageInsert}; docs/BENCHMARKS.md). */
    MessageInsert messageInsert();

    // --- locking

    /** Appended to a SELECT: lock the rows read until the transaction ends, waiting for other lockers. */
    String lockRows();

    /**
     * Appended to a SELECT: lock the rows read, skipping rows another transaction holds (where the database can;
     * otherwise as {@link #lockRows()}). See {@link #skipsLockedRows()}.
     */
    String lockRowsSkippingLocked();

    /** Whether {@link #lockRowsSkippingLocked()} really skips (nodes claiming side by side never wait). */
    boolean skipsLockedRows();

    // --- reading

    /**
     * Makes {@code statement} planned afresh on each execution with its actual values, where the database would
     * otherwise reuse a generic plan (for statements whose right plan changes as a table grows from empty).
     */
    void planEachTime(PreparedStatement statement) throws SQLException;

    /** How the webhook outbox's due heads are found ({@link WebhookHeads}; docs/BENCHMARKS.md, "Webhooks"). */
    WebhookHeads webhookHeads();

    /** Appends the AND predicate that a message's content ({@code m.content}) matches {@code query}, with its parameters. */
    void matchSearch(SearchQuery query, StringBuilder sql, List<Object> params);

    /** The rank expression of a search and its one parameter, or empty where the store does not rank. */
    Optional<Rank> searchRank(SearchQuery query);

    /** A rank expression with its one parameter. */
    record Rank(String expression, Object parameter) {
    }

    // --- errors

    /** A unique constraint refused the row. */
    boolean isUniqueViolation(SQLException e);

    /** The database refused the data itself (a data exception or a constraint), rather than failing. */
    boolean isDataRefusal(SQLException e);

    /** The connection itself is gone. */
    boolean isConnectionFailure(SQLException e);

    // --- schema (the Java migrations)

    /** Whether messages get a {@code search_vector} with a text-search index (V20), rather than being matched by regex. */
    boolean hasTextSearch();

    /** Whether an index on a live table is built {@code CONCURRENTLY}, outside a transaction (V22). */
    boolean buildsIndexesConcurrently();

    /**
     * The SQLState that says what went wrong: a batch failure may carry it only on its chained exception
     * ({@link SQLException#getNextException()}) or its cause. The same on every driver.
     */
    static String sqlState(SQLException e) {
        if (e.getSQLState() != null && !(e instanceof java.sql.BatchUpdateException && e.getNextException() != null)) {
            return e.getSQLState();
        }
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            if (next.getSQLState() != null) {
                return next.getSQLState();
            }
        }
        if (e.getCause() instanceof SQLException cause && cause.getSQLState() != null) {
            return cause.getSQLState();
        }
        return e.getSQLState();
    }

    /** Whether {@code e} or any of its causes has an SQLState of class {@code stateClass}. */
    static boolean anyStateOfClass(SQLException e, String stateClass) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith(stateClass)) {
                return true;
            }
        }
        return false;
    }

    // --- the pool (Storage)

    /**
     * Whether {@code e} (or a cause) says its connection is dead for good, so the pool must drop it, though the
     * database did not say so in SQLState class 08, which the pool recognizes by itself ({@code ConnectionEviction}).
     */
    boolean isDeadConnection(SQLException e);

    /** Whether opening the store failed ({@code failure} or a cause) because another process holds its files. */
    boolean isHeldByAnotherProcess(Throwable failure);
}
