package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

/**
 * The search migrations: V20 on a database that already holds messages fills search_vector for every stored row
 * (in slices, more rows than one slice here), builds a valid GIN index and leaves new rows to the trigger; V28
 * keeps that index's pending list short.
 */
@EnabledIf(value = "dev.community.storage.PostgresTestDatabase#reachableOrRequired",
        disabledReason = "PostgreSQL (TEST_DB_URL) is not reachable")
class PostgresSearchMigrationTest {
    private final PostgresTestDatabase database = new PostgresTestDatabase().create();

    @AfterEach
    void drop() {
        database.drop();
    }

    @Test
    void fillsEveryStoredMessageInSlicesAndBuildsAValidIndex() throws Exception {
        flyway("2").migrate();
        int stored = db.migration.V20__message_search.BATCH * 2 + 7;
        try (Connection c = connect(); Statement s = c.createStatement()) {
            UUID room = UUID.randomUUID();
            s.execute("INSERT INTO rooms (id, name, slug, room_type, visibility, created_at) VALUES ('" + room
                    + "', 'r', 'r', 'circle', 'public', now())");
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO messages (id, room_id, seq, author_id,"
                    + " content, created_at) VALUES (?, ?, ?, 'alice', ?, ?)")) {
                for (int i = 1; i <= stored; i++) {
                    insert.setObject(1, Uuids.v7());
                    insert.setObject(2, room);
                    insert.setLong(3, i);
                    insert.setString(4, i == stored ? "the last Zebra" : "message number " + i);
                    insert.setObject(5, OffsetDateTime.now(ZoneOffset.UTC));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }

        flyway(null).migrate();

        try (Connection c = connect(); Statement s = c.createStatement()) {
            assertThat(count(s, "SELECT count(*) FROM messages WHERE search_vector IS NULL")).isZero();
            assertThat(count(s, "SELECT count(*) FROM messages WHERE search_vector @@ to_tsquery('simple', 'zeb:*')"))
                    .isEqualTo(1);
            assertThat(count(s, "SELECT count(*) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                    + " WHERE c.relname = 'messages_search_idx' AND c.relnamespace = current_schema()::regnamespace"
                    + " AND i.indisvalid")).isEqualTo(1);
            s.execute("UPDATE messages SET content = 'now about giraffes' WHERE seq = 1");
            assertThat(count(s, "SELECT count(*) FROM messages WHERE search_vector @@ to_tsquery('simple', 'giraffe:*')"))
                    .isEqualTo(1);
        }
    }

    @Test
    void theSearchIndexKeepsAShortPendingList() throws Exception {
        flyway(null).migrate();

        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet row = s.executeQuery("SELECT array_to_string(c.reloptions, ',') FROM pg_class c"
                     + " WHERE c.relname = 'messages_search_idx' AND c.relnamespace = current_schema()::regnamespace")) {
            assertThat(row.next()).isTrue();
            assertThat(row.getString(1)).isEqualTo("gin_pending_list_limit=256");
        }
    }

    private Flyway flyway(String target) {
        var config = Storage.flyway().dataSource(database.url(), database.user, database.password);
        if (target != null) {
            config.target(target);
        }
        return config.load();
    }

    private Connection connect() throws Exception {
        return DriverManager.getConnection(database.url(), database.user, database.password);
    }

    private static long count(Statement s, String sql) throws Exception {
        try (ResultSet row = s.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

}
