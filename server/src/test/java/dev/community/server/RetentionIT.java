package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.storage.NewMessage;
import dev.community.storage.Uuids;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retention over the real server: an owner sets retention_days with PATCH, the purger (every second here) removes
 * what expired, and history, search and resumes no longer return it — a resume from inside the purged range says
 * has_gap.
 */
class RetentionIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("retention.purge_interval_seconds", "1"));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Message postAt(UUID room, String author, String content, Instant at) {
        return fx.stored(new NewMessage(Uuids.v7(), room, new User(author, author), null, content, "text", List.of(),
                List.of(), null, null, at));
    }

    @Test
    void expiredMessagesArePurgedAndAResumeFromBeforeThemHasAGap() throws Exception {
        String owner = uid("owner");
        String member = uid("member");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        fx.member(room, member, Role.MEMBER);
        String word = "w" + UUID.randomUUID().toString().substring(0, 8);
        Instant longAgo = Instant.now().minus(Duration.ofDays(40));
        for (int i = 1; i <= 3; i++) {
            postAt(room, owner, word + " old " + i, longAgo.plusSeconds(i));
        }
        // the room is live (its window holds the old messages) while they are purged
        try (WsClient watcher = WsClient.connect(server, member, roomPath(room))) {
            assertThat(watcher.next("room_state").path("messages")).hasSize(3);
        }
        List<Message> kept = new ArrayList<>();
        kept.add(fx.message(room, owner, word + " new 4"));
        kept.add(fx.message(room, owner, word + " new 5"));

        var refused = api.patch("/community/rooms/" + room + "/", token(member), "{\"retention_days\":30}");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(fx.storage().retention().find(room).retentionDays()).isNull();
        var patched = api.patch("/community/rooms/" + room + "/", token(owner), "{\"retention_days\":30}");
        assertThat(patched.status()).isEqualTo(200);
        assertThat(fx.storage().retention().find(room).retentionDays()).isEqualTo(30);

        Awaitility.await().atMost(60, TimeUnit.SECONDS)
                .until(() -> fx.storage().retention().find(room).purgedThroughSeq() == 3);

        JsonNode history = api.get("/community/rooms/" + room + "/messages/", token(member)).json();
        assertThat(history.path("results").findValuesAsText("content")).containsExactly(word + " new 5", word + " new 4");
        JsonNode found = api.get("/community/search/?q=" + word, token(member)).json();
        List<String> contents = new ArrayList<>();
        found.path("results").forEach(hit -> contents.add(hit.path("message").path("content").asText()));
        assertThat(contents).containsExactly(word + " new 5", word + " new 4");

        try (WsClient fromInside = WsClient.connect(server, member, roomPath(room), 1L)) {
            JsonNode state = fromInside.next("room_state");
            assertThat(state.path("has_gap").asBoolean()).isTrue();
            assertThat(state.path("messages").findValuesAsText("content"))
                    .containsExactly(word + " new 4", word + " new 5");
        }
        try (WsClient fromTheEdge = WsClient.connect(server, member, roomPath(room), 3L)) {
            JsonNode state = fromTheEdge.next("room_state");
            assertThat(state.path("has_gap").asBoolean()).isFalse();
            assertThat(state.path("messages").findValuesAsText("content"))
                    .containsExactly(word + " new 4", word + " new 5");
        }
        try (WsClient fresh = WsClient.connect(server, member, roomPath(room))) {
            JsonNode state = fresh.next("room_state");
            assertThat(state.path("messages").findValuesAsText("seq")).containsExactly("4", "5");
            assertThat(state.path("has_more").asBoolean()).isFalse();
        }

        String metrics = CheckedHttp.send(HttpRequest.newBuilder(server.admin("/metrics")).build()).body();
        assertThat(metrics).containsPattern("community_retention_purged_messages_total [0-9.]+")
                .contains("community_retention_lag_seconds").contains("community_retention_batch_seconds_count")
                .containsPattern("community_retention_paced_seconds_total [0-9.]+");

        assertThat(api.patch("/community/rooms/" + room + "/", token(owner), "{\"retention_days\":0}").status())
                .isEqualTo(200);
        assertThat(fx.storage().retention().find(room).retentionDays()).isNull();
        assertThat(api.patch("/community/rooms/" + room + "/", token(owner), "{\"retention_days\":-1}").status())
                .isEqualTo(400);
    }
}
