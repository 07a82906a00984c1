package dev.community.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.NewMessage;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import dev.community.storage.Uuids;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded store reads a room's newest (or oldest) rows in index order and stops at the limit. H2 does that only
 * when the ORDER BY names the index's columns from the first, the room id included although the WHERE fixes it;
 * with {@code ORDER BY seq DESC} alone it read every message of the room and sorted them, so each page of history
 * cost as much as the room's whole history, and an hour's soak slowed down as its rooms grew (docs/RELIABILITY.md).
 */
class H2RoomOrderPlansTest {
    private static final String SORTED = "/* index sorted */";

    @TempDir
    Path dataDir;

    @Test
    void aRoomsPagesAreReadInIndexOrderUpToTheirLimit() throws Exception {
        try (Storage storage = H2Plans.open(dataDir);
             Connection c = storage.dataSource().getConnection()) {
            RoomRecord room = storage.rooms().create("Busy", "busy", RoomType.CIRCLE, Visibility.PUBLIC, "owner", "");
            List<CompletableFuture<?>> writes = new ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                writes.add(storage.writer().submit(new NewMessage(Uuids.v7(), room.id(), new User("owner", "owner"),
                        null, "message " + i, "text", List.of(), List.of(), null, null, Instant.now())));
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            try (Statement analyze = c.createStatement()) {
                analyze.execute("ANALYZE");
            }
            UUID id = room.id();

            assertThat(plan(c, JdbcMessageRepository.BEFORE, id, Long.MAX_VALUE, 20)).contains(SORTED);
            assertThat(plan(c, JdbcMessageRepository.BEFORE, id, 1_000L, 20)).contains(SORTED);
            assertThat(plan(c, JdbcMessageRepository.AFTER, id, 10L, 20)).contains(SORTED);
            assertThat(plan(c, JdbcRetentionRepository.OLDEST, id, id, 500)).contains(SORTED);
            assertThat(plan(c, JdbcModerationRepository.ROOM_ACTIONS_BEFORE, id, new UUID(-1L, -1L), 21))
                    .contains(SORTED);
            assertThat(plan(c, JdbcModerationRepository.ROOM_ACTIONS_BEFORE, id, UUID.randomUUID(), 21))
                    .contains(SORTED);
            assertThat(plan(c, JdbcThreadRepository.ROOM_THREADS_AFTER, id, new UUID(0L, 0L), 21)).contains(SORTED);
            assertThat(plan(c, JdbcThreadRepository.ROOM_THREADS_AFTER, id, UUID.randomUUID(), 21)).contains(SORTED);
            assertThat(scanned(c, JdbcMessageRepository.BEFORE, id, Long.MAX_VALUE, 21))
                    .as("rows of the room read for a page of 20 (and one to tell whether there is more)").isEqualTo(21);
        }
    }

    /**
     * The same rule for the member and block lists (they were read in order before their first page shared the
     * later pages' statement too; checked so that it stays so).
     */
    @Test
    void memberAndBlockListsAreReadInKeyOrderOnEveryPage() throws Exception {
        try (Storage storage = H2Plans.open(dataDir);
             Connection c = storage.dataSource().getConnection()) {
            RoomRecord room = storage.rooms().create("Big", "big", RoomType.CIRCLE, Visibility.PUBLIC, "owner", "");
            for (int i = 0; i < 500; i++) {
                String user = String.format("member-%03d", i);
                storage.users().upsertSeen(user, user, Instant.now(), 0, false);
                storage.memberships().join(room.id(), user, Role.MEMBER);
                storage.blocks().block("owner", user);
            }
            try (Statement analyze = c.createStatement()) {
                analyze.execute("ANALYZE");
            }
            String first = Cursors.BEFORE_EVERY_USER;

            assertThat(plan(c, JdbcMembershipRepository.MEMBERS_AFTER, room.id(), first, 21)).contains(SORTED);
            assertThat(plan(c, JdbcMembershipRepository.MEMBERS_AFTER, room.id(), "member-250", 21)).contains(SORTED);
            assertThat(plan(c, JdbcBlockRepository.BLOCKED_AFTER, "owner", first, 21)).contains(SORTED);
            assertThat(plan(c, JdbcBlockRepository.BLOCKED_AFTER, "owner", "member-250", 21)).contains(SORTED);
            assertThat(storage.memberships().members(room.id(), null, 20).results()).hasSize(20)
                    .first().satisfies(member -> assertThat(member.user().id()).isEqualTo("member-000"));
            assertThat(storage.blocks().blocked("owner", null, 20).results()).hasSize(20)
                    .first().satisfies(blocked -> assertThat(blocked.user().id()).isEqualTo("member-000"));
        }
    }

    private static String plan(Connection c, String sql, Object... params) throws SQLException {
        return H2Plans.plan(c, "EXPLAIN", sql, params);
    }

    /** The rows H2 read from the messages index when it ran the statement (EXPLAIN ANALYZE's count for it). */
    private static long scanned(Connection c, String sql, Object... params) throws SQLException {
        // the count that follows the messages table's index (the pins subquery and the users join have their own)
        java.util.regex.Matcher count = java.util.regex.Pattern
                .compile("FROM \"public\".\"messages\" \"m\"[^;]*?scanCount: (\\d+)")
                .matcher(H2Plans.plan(c, "EXPLAIN ANALYZE", sql, params));
        assertThat(count.find()).as("a scan count in the plan").isTrue();
        return Long.parseLong(count.group(1));
    }
}
