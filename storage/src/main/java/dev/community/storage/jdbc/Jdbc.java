package dev.community.storage.jdbc;

import dev.community.storage.DataRefusedException;
import dev.community.storage.StorageUnavailableException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The one place that opens connections, binds parameters, maps rows and turns {@link SQLException} into the
 * storage exceptions, so each repository is just its SQL.
 *
 * <p>Binding: {@link Instant} goes in as a UTC {@link OffsetDateTime} (both drivers map that to
 * {@code timestamp with time zone}), {@link UUID} as is, null as an untyped NULL that the database types
 * from its context.
 */
public final class Jdbc {

    /** Work on a connection; may throw SQLException, which {@link Jdbc} translates. */
    @FunctionalInterface
    public interface SqlWork<T> {
        T run(Connection connection) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private final DataSource dataSource;
    private final SqlDialect dialect;
    private volatile dev.community.storage.ChangeEvents events = dev.community.storage.ChangeEvents.NONE;

    public Jdbc(DataSource dataSource, SqlDialect dialect) {
        this.dataSource = dataSource;
        this.dialect = java.util.Objects.requireNonNull(dialect, "dialect");
    }

    /** What the repositories write differently on this store (duplicates, locks, SQLStates). */
    public SqlDialect dialect() {
        return dialect;
    }

    /** Who the repositories tell of their changes inside their transactions (the webhook outbox). */
    public dev.community.storage.ChangeEvents events() {
        return events;
    }

    public void events(dev.community.storage.ChangeEvents events) {
        this.events = java.util.Objects.requireNonNull(events, "events");
    }

    /** Runs {@code work} on a connection in auto-commit mode (single statements, reads). */
    public <T> T read(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    /** Runs {@code work} in one transaction: committed when it returns, rolled back when it throws. */
    public <T> T inTransaction(SqlWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException | Error e) {
                rollbackQuietly(connection);
                throw e;
            }
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) {
        return read(c -> list(c, sql, mapper, params));
    }

    public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params) {
        return read(c -> one(c, sql, mapper, params));
    }

    public int update(String sql, Object... params) {
        return read(c -> update(c, sql, params));
    }

    /** {@code count} parameter marks for an {@code IN (...)} list: {@code ?, ?, ?}. */
    public static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }

    public static <T> List<T> list(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    /**
     * As {@link #list(Connection, String, RowMapper, Object...)}, but planned afresh on every execution with the
     * actual values ({@link SqlDialect#planEachTime}). For statements whose right plan changes as a table grows
     * from empty.
     */
    public static <T> List<T> listPlannedEachTime(SqlDialect dialect, Connection connection, String sql,
                                                  RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            dialect.planEachTime(statement);
            bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                List<T> result = new ArrayList<>();
                while (rows.next()) {
                    result.add(mapper.map(rows));
                }
                return result;
            }
        }
    }

    public static <T> Optional<T> one(Connection connection, String sql, RowMapper<T> mapper, Object... params)
            throws SQLException {
        List<T> rows = list(connection, sql, mapper, params);
        if (rows.size() > 1) {
            throw new IllegalStateException("expected at most one row, got " + rows.size() + ": " + sql);
        }
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    public static long count(Connection connection, String sql, Object... params) throws SQLException {
        return one(connection, sql, row -> row.getLong(1), params).orElse(0L);
    }

    public static int update(Connection connection, String sql, Object... params) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            bind(statement, params);
            return statement.executeUpdate();
        }
    }

    /**
     * One statement run for every parameter row as a JDBC batch (one round trip; on PostgreSQL an INSERT batch is
     * rewritten into multi-row statements). Nothing is returned: with rewriting the driver reports no counts.
     */
    public static void updateAll(Connection connection, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (Object[] params : rows) {
                bind(statement, params);
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    public static void bind(PreparedStatement statement, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object value = params[i];
            int index = i + 1;
            if (value == null) {
                statement.setNull(index, Types.NULL);
            } else if (value instanceof Instant instant) {
                statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
            } else if (value instanceof String text) {
                statement.setString(index, text);
            } else if (value instanceof Integer number) {
                statement.setInt(index, number);
            } else if (value instanceof Long number) {
                statement.setLong(index, number);
            } else if (value instanceof Boolean flag) {
                statement.setBoolean(index, flag);
            } else {
                statement.setObject(index, value);
            }
        }
    }

    public static Instant instant(ResultSet row, String column) throws SQLException {
        OffsetDateTime value = row.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    public static UUID uuid(ResultSet row, String column) throws SQLException {
        return row.getObject(column, UUID.class);
    }

    /** The store's clock: wall time at millisecond precision, the precision of the wire format. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }

    /**
     * A data refusal becomes {@link IllegalArgumentException} (a bad request: the caller passed a value the
     * schema does not allow); everything else means the store is not usable now.
     */
    public RuntimeException translate(SQLException e) {
        if (dialect.isDataRefusal(e)) {
            return new DataRefusedException(e);
        }
        return new StorageUnavailableException("database unavailable: " + e.getMessage(), e);
    }

    /** A value that must be one of a fixed set (a CHECK constraint's values), refused before the database sees it. */
    static void requireOneOf(String field, String value, java.util.Set<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            throw new IllegalArgumentException(field + " must be one of " + allowed + ", got " + value);
        }
    }

    public static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is broken; the pool discards it, and the transaction dies with it
        }
    }
}
