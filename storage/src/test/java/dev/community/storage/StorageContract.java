package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class StorageContract {

    protected abstract Storage storage();

    @Test
    void migrationsCreateEveryTable() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = storage().dataSource().getConnection();
                ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        assertThat(tables).contains("users", "rooms", "room_memberships", "threads", "messages",
                "message_reactions", "dm_threads", "user_blocks", "message_reports", "moderation_actions",
                "moderation_queue");
    }
}
