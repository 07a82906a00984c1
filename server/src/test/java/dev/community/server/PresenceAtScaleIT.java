package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Presence that stays linear: up to the list limit (3 here) every join is told as user_joined; above it joins come
 * as one presence summary per tick, and room_state lists the limit's worth of users with the whole count.
 */
class PresenceAtScaleIT {
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("ws.presence_list_limit", "3", "ws.presence_tick_ms", "300"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aboveTheLimitJoinsAndLeavesAreSummedUpPerTick() {
        UUID room = server.newForum();
        List<WsClient> open = new ArrayList<>();
        try {
            WsClient first = WsClient.connect(server, "pr-1", roomPath(room));
            open.add(first);
            first.next("room_state");
            for (int i = 2; i <= 3; i++) {
                WsClient next = WsClient.connect(server, "pr-" + i, roomPath(room));
                open.add(next);
                assertThat(next.next("room_state").path("online_count").asLong()).isEqualTo(i);
                assertThat(first.next("user_joined").path("user").path("id").asText()).as("a small room: told at once")
                        .isEqualTo("pr-" + i);
            }
            for (int i = 4; i <= 6; i++) {
                WsClient next = WsClient.connect(server, "pr-" + i, roomPath(room));
                open.add(next);
                JsonNode joinedState = next.next("room_state");
                assertThat(joinedState.path("online_count").asLong()).isEqualTo(i);
                assertThat(joinedState.path("online_users").size()).as("the list stops at the limit").isEqualTo(3);
                assertThat(ids(joinedState.path("online_users"))).as("me included").contains("pr-" + i);
            }
            // Joins that fall into one tick come in one summary; a slow machine may spread them over two or three.
            List<String> joined = new ArrayList<>();
            JsonNode summary = null;
            while (joined.size() < 3) {
                summary = first.next("presence");
                joined.addAll(ids(summary.path("joined")));
                assertThat(summary.path("left").size()).isZero();
                assertThat(summary.path("complete").asBoolean()).isTrue();
            }
            assertThat(joined).containsExactlyInAnyOrder("pr-4", "pr-5", "pr-6");
            assertThat(summary.path("online_count").asLong()).isEqualTo(6);
            assertThat(first.seen().stream().filter(e -> e.path("event").asText().equals("user_joined")).count())
                    .as("user_joined for pr-2 and pr-3 only, then summaries").isEqualTo(2);

            open.remove(open.size() - 1).close();
            JsonNode departed = first.next("presence");
            assertThat(ids(departed.path("left"))).containsExactly("pr-6");
            assertThat(departed.path("online_count").asLong()).isEqualTo(5);

            // the list shared by connects between two summaries is dropped by each summary: who left is not in it
            for (int i = 7; i <= 8; i++) {
                WsClient next = WsClient.connect(server, "pr-" + i, roomPath(room));
                open.add(next);
                List<String> listed = ids(next.next("room_state").path("online_users"));
                assertThat(listed).hasSize(3).contains("pr-" + i).doesNotContain("pr-6").doesNotHaveDuplicates();
                assertThat(listed).allMatch(id -> List.of("pr-1", "pr-2", "pr-3", "pr-4", "pr-5", "pr-7", "pr-8")
                        .contains(id));
            }
        } finally {
            open.forEach(WsClient::close);
        }
    }

    private static List<String> ids(JsonNode users) {
        return StreamSupport.stream(users.spliterator(), false).map(u -> u.path("id").asText()).toList();
    }
}
