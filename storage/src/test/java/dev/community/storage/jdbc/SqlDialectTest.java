package dev.community.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SqlDialectTest {
    private static final Path JDBC_SOURCES = Path.of("src/main/java/dev/community/storage/jdbc");
    /** What only a dialect may write in a string literal of the JDBC code. */
    private static final List<String> DIALECT_ONLY = List.of("ON CONFLICT", "FOR UPDATE", "SKIP LOCKED", "MERGE INTO",
            "to_tsquery", "REGEXP_LIKE", "WITH RECURSIVE");
    private static final Pattern STRING_LITERAL = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    @Test
    void theStoreChoosesItsDialect() {
        assertThat(SqlDialect.forStore(true)).isSameAs(H2Dialect.INSTANCE);
        assertThat(SqlDialect.forStore(false)).isSameAs(PostgresDialect.INSTANCE);
    }

    @Test
    void eachDatabaseSkipsDuplicatesAndLocksItsWay() {
        assertThat(PostgresDialect.INSTANCE.insertSkippingDuplicates("INSERT INTO t (a) VALUES (?)"))
                .isEqualTo("INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING");
        assertThat(H2Dialect.INSTANCE.insertSkippingDuplicates("INSERT INTO t (a) VALUES (?)"))
                .isEqualTo("INSERT INTO t (a) VALUES (?) ON CONFLICT DO NOTHING");
        assertThat(PostgresDialect.INSTANCE.lockRowsSkippingLocked()).isEqualTo(" FOR UPDATE SKIP LOCKED");
        assertThat(PostgresDialect.INSTANCE.skipsLockedRows()).isTrue();
        assertThat(H2Dialect.INSTANCE.lockRowsSkippingLocked()).isEqualTo(" FOR UPDATE");
        assertThat(H2Dialect.INSTANCE.skipsLockedRows()).isFalse();
        assertThat(PostgresDialect.INSTANCE.messageInsert()).isInstanceOf(UnnestMessageInsert.class);
        assertThat(H2Dialect.INSTANCE.messageInsert()).isInstanceOf(BatchMessageInsert.class);
    }

    @ParameterizedTest
    @ValueSource(booleans = {true, false})
    void sqlStatesAreClassifiedFromTheExceptionItsChainOrItsCause(boolean embedded) {
        SqlDialect dialect = SqlDialect.forStore(embedded);
        BatchUpdateException batch = new BatchUpdateException("batch failed", "08000", new int[0]);
        batch.setNextException(new SQLException("duplicate key", "23505"));
        assertThat(dialect.isUniqueViolation(batch)).isTrue();
        assertThat(dialect.isDataRefusal(batch)).isTrue();

        SQLException foreignKey = new SQLException("no such room", "23503");
        assertThat(dialect.isUniqueViolation(foreignKey)).isFalse();
        assertThat(dialect.isDataRefusal(foreignKey)).isTrue();
        assertThat(dialect.isDataRefusal(new SQLException("too long", "22001"))).isTrue();
        assertThat(dialect.isDataRefusal(new SQLException("deadlock", "40P01"))).isFalse();

        SQLException wrapped = new SQLException("statement failed", "XX000",
                new SQLException("connection reset", "08006"));
        assertThat(dialect.isConnectionFailure(wrapped)).isTrue();
        assertThat(dialect.isConnectionFailure(foreignKey)).isFalse();
    }

    /**
     * The differences live in the dialects and the parts they choose, named after their store (H2WebhookHeads,
     * PostgresWebhookHeads): no other JDBC class writes a database's own SQL.
     */
    @Test
    void onlyTheDialectsWriteEitherDatabasesOwnSql() throws IOException {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.list(JDBC_SOURCES)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith("Dialect.java") || name.startsWith("Postgres") || name.startsWith("H2")) {
                    continue;
                }
                String text = Files.readString(file);
                if (text.contains("org.postgresql") || text.contains("org.h2")) {
                    found.add(file.getFileName() + ": uses a driver's own classes");
                }
                Matcher literal = STRING_LITERAL.matcher(text);
                while (literal.find()) {
                    for (String only : DIALECT_ONLY) {
                        if (literal.group().contains(only)) {
                            found.add(file.getFileName() + ": " + literal.group());
                        }
                    }
                }
            }
        }
        assertThat(found).isEmpty();
    }

    /** Another process holding the embedded store's files is H2's own error, wrapped by the pool; a server has none. */
    @Test
    void onlyTheEmbeddedStoreIsHeldByAnotherProcess() {
        RuntimeException poolFailed = new RuntimeException("Failed to initialize pool", new SQLException(
                "Database may be already in use", "90020", org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1));
        assertThat(H2Dialect.INSTANCE.isHeldByAnotherProcess(poolFailed)).isTrue();
        RuntimeException unreachable = new RuntimeException(new SQLException("refused", "08001"));
        assertThat(H2Dialect.INSTANCE.isHeldByAnotherProcess(unreachable)).isFalse();
        assertThat(PostgresDialect.INSTANCE.isHeldByAnotherProcess(poolFailed)).isFalse();
    }
}
