package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.storage.ModerationAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The content-moderation hook before storage with the built-in filter, one server per {@code moderation.action}:
 * every verdict but allow leaves an audit entry with source ai, on the REST and the WebSocket path alike.
 */
class ContentModerationIT {

    /** One server with the filter set to {@code action}; a room with an owner (moderator+) and a member. */
    abstract static class FilterServer {
        TestServer server;
        Api api;
        Fixtures fx;

        abstract String action();

        @BeforeAll
        void start(@TempDir Path dataDir) throws Exception {
            server = TestServer.start(dataDir, Map.of("limits.rate_messages", "1000",
                    "moderation.blocked_words", "spam,darn",
                    "moderation.blocked_patterns", "(?i)buy\\s+now,\\d{4}-\\d{4}-\\d{4}-\\d{4}",
                    "moderation.action", action()));
            api = new Api(server);
            fx = new Fixtures(server);
        }

        @AfterAll
        void stop() {
            server.close();
        }

        UUID room(String owner, String member) {
            UUID room = fx.room(owner, "forum", "public");
            fx.member(room, member, "member");
            return room;
        }

        Api.Response post(UUID room, String user, String content) {
            return api.post("/community/rooms/" + room + "/messages/", token(user), "{\"content\":\"" + content + "\"}");
        }

        List<ModerationAction> audit(UUID room) {
            return fx.storage().moderation().listForRoom(room, null, 50).results();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Reject extends FilterServer {
        @Override
        String action() {
            return "reject";
        }

        @ParameterizedTest
        @ValueSource(strings = {"this is SPAM", "darn it", "Buy   now!", "card 1234-5678-9012-3456"})
        void aMatchIsRefusedWithForbiddenStoredNowhereAndAudited(String content) {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);

            var response = post(room, member, content);

            assertThat(response.status()).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("forbidden");
            assertThat(response.json().path("error").path("message").asText()).contains("content moderation");
            assertThat(fx.storage().rooms().findById(room).orElseThrow().messageCount()).isZero();
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("reject");
                assertThat(a.source()).isEqualTo("ai");
                assertThat(a.moderatorId()).isNull();
                assertThat(a.targetUserId()).isEqualTo(member);
                assertThat(a.targetMessageId()).isNull();
                assertThat(a.reason()).startsWith("blocked");
            });
        }

        @ParameterizedTest
        @CsvSource(delimiter = '|', textBlock = """
                cheap SPAM offer.pdf | https://files.example/report.pdf
                report.pdf           | https://files.example/spam/report.pdf
                """)
        void anAttachmentsNameAndUrlAreReviewedLikeTheText(String name, String url) {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);
            var response = api.post("/community/rooms/" + room + "/messages/", token(member),
                    "{\"content\":\"see attached\",\"attachments\":[{\"url\":\"" + url + "\",\"name\":\"" + name
                            + "\",\"size\":1,\"type\":\"application/pdf\"}]}");
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.errorCode()).isEqualTo("forbidden");
            assertThat(fx.storage().rooms().findById(room).orElseThrow().messageCount()).isZero();
        }

        @ParameterizedTest
        @ValueSource(strings = {"spammer", "we buy nothing now", "darnation", "1234-5678"})
        void contentThatOnlyLooksLikeAMatchIsStored(String content) {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);
            assertThat(post(room, member, content).status()).isEqualTo(201);
            assertThat(audit(room)).isEmpty();
        }

        @Test
        void theSocketPathIsFilteredTheSameWay() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);
            try (WsClient socket = WsClient.connect(server, member, roomPath(room))) {
                socket.next("room_state");
                socket.send("{\"type\":\"send_message\",\"content\":\"spam spam\",\"client_id\":\"bad-1\"}");
                JsonNode error = socket.next("error");
                assertThat(error.path("code").asText()).isEqualTo("forbidden");
                assertThat(error.path("client_id").asText()).isEqualTo("bad-1");
                socket.send("{\"type\":\"send_message\",\"content\":\"ham\",\"client_id\":\"ok-1\"}");
                assertThat(socket.next("new_message").path("client_id").asText()).isEqualTo("ok-1");
            }
            assertThat(audit(room)).extracting(ModerationAction::action).containsExactly("reject");
        }

        @Test
        void anEditIsFilteredLikeANewMessage() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);
            Message m = fx.message(room, member, "harmless");
            var edit = api.patch("/community/rooms/" + room + "/messages/" + m.id() + "/", token(member),
                    "{\"content\":\"now with spam\"}");
            assertThat(edit.status()).isEqualTo(403);
            assertThat(edit.errorCode()).isEqualTo("forbidden");
            assertThat(fx.storage().messages().findById(room, m.id()).orElseThrow().content()).isEqualTo("harmless");
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("reject");
                assertThat(a.targetMessageId()).isEqualTo(m.id());
            });
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Hide extends FilterServer {
        @Override
        String action() {
            return "hide";
        }

        @Test
        void aMatchIsStoredHiddenAndNeverShownBelowModerator() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);
            try (WsClient memberSocket = WsClient.connect(server, uid("reader"), roomPath(room));
                 WsClient ownerSocket = WsClient.connect(server, owner, roomPath(room))) {
                memberSocket.next("room_state");
                ownerSocket.next("room_state");

                var posted = post(room, member, "buy now, cheap");

                assertThat(posted.status()).isEqualTo(201);
                assertThat(posted.json().path("is_hidden").asBoolean()).isTrue();
                assertThat(posted.json().path("content").asText()).as("the author is below moderator too").isEmpty();
                JsonNode live = memberSocket.next("new_message").path("message");
                assertThat(live.path("is_hidden").asBoolean()).isTrue();
                assertThat(live.path("content").asText()).isEmpty();
                assertThat(ownerSocket.next("new_message").path("message").path("content").asText())
                        .isEqualTo("buy now, cheap");
            }
            String messages = "/community/rooms/" + room + "/messages/";
            assertThat(api.get(messages, token(member)).json().path("results").get(0).path("content").asText()).isEmpty();
            assertThat(api.get(messages, token(owner)).json().path("results").get(0).path("content").asText())
                    .isEqualTo("buy now, cheap");
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("hide");
                assertThat(a.source()).isEqualTo("ai");
                assertThat(a.targetUserId()).isEqualTo(member);
                assertThat(a.targetMessageId()).isNotNull();
            });
        }

        @Test
        void anEditThatMatchesHidesTheMessageForEveryone() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);
            Message m = fx.message(room, member, "fine");
            try (WsClient watcher = WsClient.connect(server, uid("watcher"), roomPath(room))) {
                watcher.next("room_state");
                var edit = api.patch("/community/rooms/" + room + "/messages/" + m.id() + "/", token(member),
                        "{\"content\":\"darn\"}");
                assertThat(edit.status()).isEqualTo(200);
                JsonNode update = watcher.next("message_updated").path("message");
                assertThat(update.path("is_hidden").asBoolean()).isTrue();
                assertThat(update.path("content").asText()).isEmpty();
            }
            assertThat(fx.storage().messages().findById(room, m.id()).orElseThrow().isHidden()).isTrue();
            assertThat(audit(room)).extracting(ModerationAction::action).containsExactly("hide");
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Flag extends FilterServer {
        @Override
        String action() {
            return "flag";
        }

        @Test
        void aMatchIsStoredVisibleAndQueuedForReview() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner, member);

            var posted = post(room, member, "such spam");

            assertThat(posted.status()).isEqualTo(201);
            assertThat(posted.json().path("content").asText()).isEqualTo("such spam");
            JsonNode queue = api.get("/community/moderation/queue/", token(owner)).json().path("results");
            assertThat(queue).singleElement().satisfies(item -> {
                assertThat(item.path("message_id").asText()).isEqualTo(posted.json().path("id").asText());
                assertThat(item.path("reason").asText()).contains("spam");
                assertThat(item.path("status").asText()).isEqualTo("pending");
            });
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("flag");
                assertThat(a.source()).isEqualTo("ai");
            });
            assertThat(post(room, member, "clean").status()).isEqualTo(201);
            assertThat(audit(room)).as("allow leaves no trace").hasSize(1);
        }
    }
}
