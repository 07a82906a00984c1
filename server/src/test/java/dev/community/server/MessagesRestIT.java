package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PROTOCOL.md §3 messages: history, post, edit, delete, reactions, reports, hidden content, IDOR across rooms. */
class MessagesRestIT {
    static final int RATE = 30;
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of("limits.rate_messages", Integer.toString(RATE)));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String messages(UUID room) {
        return "/community/rooms/" + room + "/messages/";
    }

    static String message(UUID room, Object id) {
        return messages(room) + id + "/";
    }

    /** A public forum with an owner, and a member in it. */
    record Scene(UUID room, String owner, String member) {
        static Scene create() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
            fx.member(room, member, "member");
            return new Scene(room, owner, member);
        }

        String with(String role) {
            String user = uid(role);
            fx.member(room, user, role);
            return user;
        }
    }

    // ------------------------------------------------------------------------------------------------- list

    @Test
    void historyIsNewestFirstAndItsPagesStayStableWhileMessagesArrive() {
        Scene s = Scene.create();
        for (int i = 1; i <= 5; i++) {
            fx.message(s.room(), s.owner(), "m" + i);
        }
        var first = api.get(messages(s.room()) + "?limit=2", token(s.member())).json();
        assertThat(first.path("results").findValuesAsText("content")).containsExactly("m5", "m4");
        for (int i = 6; i <= 8; i++) {
            fx.message(s.room(), s.owner(), "m" + i);
        }
        List<String> rest = new ArrayList<>();
        String cursor = first.path("next_cursor").asText();
        while (cursor != null) {
            JsonNode page = api.get(messages(s.room()) + "?limit=2&cursor=" + cursor, token(s.member())).json();
            rest.addAll(page.path("results").findValuesAsText("content"));
            cursor = page.path("next_cursor").isNull() ? null : page.path("next_cursor").asText();
        }
        assertThat(rest).as("no repeats, no gaps, newer arrivals not mixed in").containsExactly("m3", "m2", "m1");
        assertThat(api.get(messages(s.room()) + "?limit=3", token(s.member())).json().path("results")
                .findValuesAsText("content")).containsExactly("m8", "m7", "m6");
    }

    @Test
    void historyLeavesOutAuthorsIBlock() {
        Scene s = Scene.create();
        String pest = s.with("member");
        fx.message(s.room(), pest, "noise");
        fx.message(s.room(), s.owner(), "signal");
        fx.storage().blocks().block(s.member(), pest);
        assertThat(api.get(messages(s.room()), token(s.member())).json().path("results").findValuesAsText("content"))
                .containsExactly("signal");
        assertThat(api.get(messages(s.room()), token(s.owner())).json().path("results").findValuesAsText("content"))
                .containsExactly("signal", "noise");
    }

    @Test
    void aPrivateRoomsHistoryIsForItsMembers() {
        String owner = uid("owner");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        fx.message(circle, owner, "secret");
        assertThat(api.get(messages(circle), token(owner)).status()).isEqualTo(200);
        var outsider = api.get(messages(circle), token(uid("outsider")));
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.body()).doesNotContain("secret");
    }

    // ------------------------------------------------------------------------------------------------- post

    @Test
    void postingStoresOnceReachesSocketsAndAResentClientIdGetsTheStoredOne() {
        Scene s = Scene.create();
        try (WsClient watcher = WsClient.connect(server, s.owner(), roomPath(s.room()))) {
            watcher.next("room_state");
            var created = api.post(messages(s.room()), token(s.member()), "{\"content\":\"over REST\",\"client_id\":\"r-1\"}");
            assertThat(created.status()).isEqualTo(201);
            JsonNode m = created.json();
            assertThat(m.path("content").asText()).isEqualTo("over REST");
            assertThat(m.path("seq").asLong()).isEqualTo(1);
            assertThat(m.path("author").path("id").asText()).isEqualTo(s.member());
            JsonNode live = watcher.next("new_message");
            assertThat(live.path("message").path("id").asText()).isEqualTo(m.path("id").asText());

            var resent = api.post(messages(s.room()), token(s.member()), "{\"content\":\"over REST\",\"client_id\":\"r-1\"}");
            assertThat(resent.status()).isEqualTo(200);
            assertThat(resent.json().path("id").asText()).isEqualTo(m.path("id").asText());
        }
        assertThat(fx.storage().rooms().findById(s.room()).orElseThrow().messageCount()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', textBlock = """
            {"content":""}                                           | empty_content
            {"content":"   "}                                        | empty_content
            {}                                                       | empty_content
            {"content":5}                                            | invalid_payload
            {"content":"x","attachments":[{"url":"javascript:x"}]}   | invalid_payload
            {"content":"x","message_type":"system"}                  | invalid_payload
            {"content":"x","mentions":["not a user id"]}             | invalid_payload
            {"content":                                              | invalid_json
            """)
    void postingRefusesWhatSendMessageRefuses(String body, String code) {
        Scene s = Scene.create();
        var response = api.post(messages(s.room()), token(s.member()), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo(code);
    }

    @Test
    void overlongContentIsContentTooLong() {
        Scene s = Scene.create();
        var response = api.post(messages(s.room()), token(s.member()), "{\"content\":\"" + "é".repeat(4001) + "\"}");
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("content_too_long");
        assertThat(api.post(messages(s.room()), token(s.member()), "{\"content\":\"" + "é".repeat(4000) + "\"}").status())
                .isEqualTo(201);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"muted, muted", "banned, forbidden", "low trust, trust_required", "private outsider, forbidden"})
    void postingIsDeniedByCanPostInRoom(String who, String code) {
        String owner = uid("owner");
        UUID room = fx.room(owner, "forum", who.startsWith("private") ? "private" : "public");
        String user = uid("poster");
        switch (who) {
            case "muted" -> {
                fx.member(room, user, "member");
                fx.storage().memberships().restrict(room, user, Role.MUTED, null);
            }
            case "banned" -> fx.storage().memberships().restrict(room, user, Role.BANNED, null);
            case "low trust" -> server.sql("UPDATE rooms SET min_trust_to_post = 2 WHERE id = ?", room);
            default -> {
            }
        }
        var response = api.post(messages(room), token(user), "{\"content\":\"let me in\"}");
        assertThat(response.status()).isEqualTo(403);
        assertThat(response.errorCode()).isEqualTo(code);
        assertThat(fx.storage().rooms().findById(room).orElseThrow().messageCount()).isZero();
    }

    @Test
    void theRateLimitAnswers429WithRetryAfterInWholeSeconds() {
        Scene s = Scene.create();
        for (int i = 0; i < RATE; i++) {
            assertThat(api.post(messages(s.room()), token(s.member()), "{\"content\":\"m" + i + "\"}").status())
                    .isEqualTo(201);
        }
        var limited = api.post(messages(s.room()), token(s.member()), "{\"content\":\"one too many\"}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.errorCode()).isEqualTo("rate_limited");
        assertThat(Integer.parseInt(limited.retryAfter())).isBetween(1, 60);
    }

    @Test
    void slowModeAnswers429WithRetryAfterBelowTrusted() {
        Scene s = Scene.create();
        String trusted = s.with("trusted");
        server.sql("UPDATE rooms SET slow_mode_seconds = 120 WHERE id = ?", s.room());
        assertThat(api.post(messages(s.room()), token(s.member()), "{\"content\":\"one\"}").status()).isEqualTo(201);
        var slow = api.post(messages(s.room()), token(s.member()), "{\"content\":\"two\"}");
        assertThat(slow.status()).isEqualTo(429);
        assertThat(slow.errorCode()).isEqualTo("slow_mode");
        assertThat(Integer.parseInt(slow.retryAfter())).isBetween(100, 120);
        assertThat(api.post(messages(s.room()), token(trusted), "{\"content\":\"a\"}").status()).isEqualTo(201);
        assertThat(api.post(messages(s.room()), token(trusted), "{\"content\":\"b\"}").status()).isEqualTo(201);
    }

    @Test
    void threadAndReplyReferencesMustBelongToTheRoom() {
        Scene s = Scene.create();
        Scene elsewhere = Scene.create();
        UUID foreignThread = fx.storage().threads().create(elsewhere.room(), "theirs", elsewhere.owner()).id();
        UUID lockedThread = fx.storage().threads().create(s.room(), "closed", s.owner()).id();
        fx.storage().threads().setLocked(lockedThread, true);
        UUID openThread = fx.storage().threads().create(s.room(), "open", s.owner()).id();
        Message foreignMessage = fx.message(elsewhere.room(), elsewhere.owner(), "theirs");

        var foreign = api.post(messages(s.room()), token(s.member()),
                "{\"content\":\"x\",\"thread_id\":\"" + foreignThread + "\"}");
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(foreign.errorCode()).isEqualTo("not_found");
        var locked = api.post(messages(s.room()), token(s.member()),
                "{\"content\":\"x\",\"thread_id\":\"" + lockedThread + "\"}");
        assertThat(locked.status()).isEqualTo(403);
        assertThat(locked.errorCode()).isEqualTo("thread_locked");
        var reply = api.post(messages(s.room()), token(s.member()),
                "{\"content\":\"x\",\"reply_to_id\":\"" + foreignMessage.id() + "\"}");
        assertThat(reply.status()).isEqualTo(404);
        var inThread = api.post(messages(s.room()), token(s.member()),
                "{\"content\":\"x\",\"thread_id\":\"" + openThread + "\"}");
        assertThat(inThread.status()).isEqualTo(201);
        assertThat(inThread.json().path("thread_id").asText()).isEqualTo(openThread.toString());

        try (WsClient socket = WsClient.connect(server, s.member(), roomPath(s.room()))) {
            socket.next("room_state");
            socket.send("{\"type\":\"send_message\",\"content\":\"x\",\"client_id\":\"t1\",\"thread_id\":\"" + lockedThread + "\"}");
            JsonNode error = socket.next("error");
            assertThat(error.path("code").asText()).isEqualTo("thread_locked");
            assertThat(error.path("client_id").asText()).isEqualTo("t1");
        }
    }

    // ------------------------------------------------------------------------------------------------- edit

    @Test
    void theAuthorEditsAndEveryoneSeesItAtOnce() {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.member(), "befor");
        try (WsClient watcher = WsClient.connect(server, s.owner(), roomPath(s.room()))) {
            watcher.next("room_state");
            var edited = api.patch(message(s.room(), m.id()), token(s.member()), "{\"content\":\"before\"}");
            assertThat(edited.status()).isEqualTo(200);
            assertThat(edited.json().path("content").asText()).isEqualTo("before");
            assertThat(Instant.parse(edited.json().path("edited_at").asText())).isAfterOrEqualTo(m.createdAt());
            JsonNode update = watcher.next("message_updated");
            assertThat(update.path("message").path("content").asText()).isEqualTo("before");
            assertThat(update.path("message").path("edited_at").isNull()).isFalse();
        }
        try (WsClient late = WsClient.connect(server, s.owner(), roomPath(s.room()))) {
            assertThat(late.next("room_state").path("messages").findValuesAsText("content"))
                    .as("room_state comes from the updated window").containsExactly("before");
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"member, 403", "moderator, 403", "admin, 403", "owner, 403", "outsider, 403"})
    void onlyTheAuthorMayEdit(String who, int expected) {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.member(), "mine");
        String actor = switch (who) {
            case "owner" -> s.owner();
            case "outsider" -> uid("outsider");
            default -> s.with(who);
        };
        var response = api.patch(message(s.room(), m.id()), token(actor), "{\"content\":\"hijacked\"}");
        assertThat(response.status()).isEqualTo(expected);
        assertThat(response.errorCode()).isEqualTo("forbidden");
        assertThat(fx.storage().messages().findById(s.room(), m.id()).orElseThrow().content()).isEqualTo("mine");
    }

    @Test
    void editsFollowThePostingRules() {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.member(), "mine");
        assertThat(api.patch(message(s.room(), m.id()), token(s.member()), "{\"content\":\"\"}").errorCode())
                .isEqualTo("empty_content");
        assertThat(api.patch(message(s.room(), m.id()), token(s.member()), "{}").errorCode()).isEqualTo("invalid_payload");
        fx.storage().memberships().restrict(s.room(), s.member(), Role.MUTED, null);
        var muted = api.patch(message(s.room(), m.id()), token(s.member()), "{\"content\":\"sneaky\"}");
        assertThat(muted.status()).isEqualTo(403);
        assertThat(muted.errorCode()).isEqualTo("muted");
        Message gone = fx.message(s.room(), s.owner(), "gone");
        fx.storage().messageEdits().delete(s.room(), gone.id());
        assertThat(api.patch(message(s.room(), gone.id()), token(s.owner()), "{\"content\":\"back\"}").status())
                .isEqualTo(404);
    }

    // ----------------------------------------------------------------------------------------------- delete

    @Test
    void theAuthorDeletesAndTheRoomSeesATombstone() {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.member(), "regret");
        try (WsClient watcher = WsClient.connect(server, s.owner(), roomPath(s.room()))) {
            watcher.next("room_state");
            assertThat(api.delete(message(s.room(), m.id()), token(s.member())).status()).isEqualTo(204);
            JsonNode deleted = watcher.next("message_deleted");
            assertThat(deleted.path("message_id").asText()).isEqualTo(m.id().toString());
            assertThat(deleted.path("seq").asLong()).isEqualTo(m.seq());
        }
        JsonNode tombstone = api.get(messages(s.room()), token(s.owner())).json().path("results").get(0);
        assertThat(tombstone.path("is_deleted").asBoolean()).isTrue();
        assertThat(tombstone.path("content").asText()).isEmpty();
        assertThat(tombstone.path("seq").asLong()).isEqualTo(m.seq());
        assertThat(api.delete(message(s.room(), m.id()), token(s.member())).status()).as("again: nothing to do")
                .isEqualTo(204);
        assertThat(fx.storage().moderation().listForRoom(s.room(), null, 10).results())
                .as("an author's own delete is no moderation").isEmpty();
    }

    @ParameterizedTest(name = "{0} deletes {1}''s message -> {2}")
    @CsvSource({
            "moderator, member,    204", "admin,     moderator, 204", "owner,     admin,     204",
            "moderator, moderator, 403", "moderator, admin,     403", "member,    member,    403",
            "trusted,   member,    403", "admin,     owner,     403", "staff,     admin,     204",
            "staff,     owner,     403"})
    void othersDeleteOnlyAsModeratorsAboveTheAuthor(String actorRole, String authorRole, int expected) {
        Scene s = Scene.create();
        String author = authorRole.equals("owner") ? s.owner() : s.with(authorRole);
        String actor = switch (actorRole) {
            case "owner" -> s.owner();
            case "staff" -> uid("staff");
            default -> s.with(actorRole);
        };
        String token = actorRole.equals("staff") ? Fixtures.staffToken(actor) : token(actor);
        Message m = fx.message(s.room(), author, "target");

        var response = api.delete(message(s.room(), m.id()), token);

        assertThat(response.status()).isEqualTo(expected);
        boolean deleted = fx.storage().messages().findById(s.room(), m.id()).orElseThrow().isDeleted();
        assertThat(deleted).isEqualTo(expected == 204);
        if (expected == 204) {
            assertThat(fx.storage().moderation().listForRoom(s.room(), null, 10).results()).singleElement()
                    .satisfies(a -> {
                        assertThat(a.action()).isEqualTo("delete");
                        assertThat(a.source()).isEqualTo("admin");
                        assertThat(a.moderatorId()).isEqualTo(actor);
                        assertThat(a.targetUserId()).isEqualTo(author);
                        assertThat(a.targetMessageId()).isEqualTo(m.id());
                    });
        } else {
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }
    }

    // -------------------------------------------------------------------------------------------- reactions

    @Test
    void reactionsAreOncePerUserAndEmojiAndReachSockets() {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.owner(), "react to me");
        String other = s.with("member");
        try (WsClient watcher = WsClient.connect(server, s.owner(), roomPath(s.room()))) {
            watcher.next("room_state");
            var first = api.post(message(s.room(), m.id()) + "react/", token(s.member()), "{\"emoji\":\"👍\"}");
            assertThat(first.status()).isEqualTo(200);
            assertThat(first.json().path("reaction_counts").path("👍").asInt()).isEqualTo(1);
            JsonNode live = watcher.next("reactions_updated");
            assertThat(live.path("message_id").asText()).isEqualTo(m.id().toString());
            assertThat(live.path("reaction_counts").path("👍").asInt()).isEqualTo(1);

            var repeat = api.post(message(s.room(), m.id()) + "react/", token(s.member()), "{\"emoji\":\"👍\"}");
            assertThat(repeat.json().path("reaction_counts").path("👍").asInt()).as("once per user and emoji").isEqualTo(1);
            api.post(message(s.room(), m.id()) + "react/", token(other), "{\"emoji\":\"👍\"}");
            api.post(message(s.room(), m.id()) + "react/", token(other), "{\"emoji\":\"🎉\"}");
            assertThat(watcher.next("reactions_updated").path("reaction_counts").path("👍").asInt()).isEqualTo(2);

            var removed = api.delete(message(s.room(), m.id()) + "react/?emoji=%F0%9F%91%8D", token(s.member()));
            assertThat(removed.status()).isEqualTo(200);
            assertThat(removed.json().path("reaction_counts").path("👍").asInt()).isEqualTo(1);
            assertThat(removed.json().path("reaction_counts").path("🎉").asInt()).isEqualTo(1);
        }
        assertThat(api.get(messages(s.room()), token(s.member())).json().path("results").get(0)
                .path("reaction_counts").path("👍").asInt()).isEqualTo(1);
    }

    @Test
    void reactionsRefuseBadEmojiMutesAndTombstones() {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.owner(), "react to me");
        String react = message(s.room(), m.id()) + "react/";
        assertThat(api.post(react, token(s.member()), "{}").status()).isEqualTo(400);
        assertThat(api.post(react, token(s.member()), "{\"emoji\":\"a b\"}").status()).isEqualTo(400);
        assertThat(api.post(react, token(s.member()), "{\"emoji\":\"" + "x".repeat(33) + "\"}").status()).isEqualTo(400);
        assertThat(api.delete(react, token(s.member())).status()).as("?emoji= is required").isEqualTo(400);
        String muted = s.with("member");
        fx.storage().memberships().restrict(s.room(), muted, Role.MUTED, null);
        assertThat(api.post(react, token(muted), "{\"emoji\":\"👍\"}").errorCode()).isEqualTo("muted");
        fx.storage().messageEdits().delete(s.room(), m.id());
        assertThat(api.post(react, token(s.member()), "{\"emoji\":\"👍\"}").status()).isEqualTo(404);
    }

    // -------------------------------------------------------------------------------------------------- report

    @Test
    void threeDistinctReportsFlagTheMessageAndQueueItForItsModerators() {
        Scene s = Scene.create();
        String moderator = s.with("moderator");
        Message m = fx.message(s.room(), s.member(), "objectionable");
        String report = message(s.room(), m.id()) + "report/";
        List<String> reporters = List.of(uid("r1"), uid("r2"), uid("r3"));

        var first = api.post(report, token(reporters.get(0)), "{\"reason\":\"spam\"}");
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.json().path("message_id").asText()).isEqualTo(m.id().toString());
        assertThat(first.json().path("reason").asText()).isEqualTo("spam");
        var twice = api.post(report, token(reporters.get(0)), "{\"reason\":\"spam!\"}");
        assertThat(twice.status()).isEqualTo(409);
        assertThat(twice.errorCode()).isEqualTo("conflict");
        assertThat(queueFor(moderator)).as("two reports are not enough").isEmpty();

        api.post(report, token(reporters.get(1)), "{}");
        assertThat(api.post(report, token(reporters.get(2)), "{\"reason\":\"rude\"}").status()).isEqualTo(201);

        assertThat(queueFor(moderator)).singleElement().satisfies(item -> {
            assertThat(item.path("message_id").asText()).isEqualTo(m.id().toString());
            assertThat(item.path("room_id").asText()).isEqualTo(s.room().toString());
            assertThat(item.path("status").asText()).isEqualTo("pending");
            assertThat(item.path("report_count").asInt()).isEqualTo(3);
        });
        assertThat(queueFor(s.member())).as("not for plain members").isEmpty();
        JsonNode trail = api.get("/community/rooms/" + s.room() + "/moderation/", token(moderator)).json();
        assertThat(trail.path("results")).singleElement().satisfies(a -> {
            assertThat(a.path("action").asText()).isEqualTo("flag");
            assertThat(a.path("source").asText()).isEqualTo("community");
            assertThat(a.path("target_message_id").asText()).isEqualTo(m.id().toString());
            assertThat(a.path("target_user_id").asText()).isEqualTo(s.member());
        });
        assertThat(api.post(report, token(uid("r4")), "{}").status()).isEqualTo(201);
        assertThat(queueFor(moderator)).as("queued once").hasSize(1);
    }

    private static List<JsonNode> queueFor(String user) {
        List<JsonNode> items = new ArrayList<>();
        api.get("/community/moderation/queue/", token(user)).json().path("results").forEach(items::add);
        return items;
    }

    @Test
    void reportsAreNotForOnesOwnMessagesNorForWhatOneCannotSee() {
        Scene s = Scene.create();
        Message mine = fx.message(s.room(), s.member(), "mine");
        assertThat(api.post(message(s.room(), mine.id()) + "report/", token(s.member()), "{}").errorCode())
                .isEqualTo("forbidden");
        UUID circle = fx.room(s.owner(), RoomType.CIRCLE, Visibility.PRIVATE);
        Message hidden = fx.message(circle, s.owner(), "private");
        assertThat(api.post(message(circle, hidden.id()) + "report/", token(s.member()), "{}").status()).isEqualTo(403);
        assertThat(api.post(message(s.room(), mine.id()) + "report/", token(s.owner()), "{\"reason\":5}").status())
                .isEqualTo(400);
    }

    // -------------------------------------------------------------------------------------------------- IDOR

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"PATCH, ''", "DELETE, ''", "POST, react/", "DELETE, react/?emoji=x", "POST, report/"})
    void aMessageOfAnotherRoomIsNotFoundUnderThisOne(String method, String suffix) {
        String me = uid("owner");
        UUID mine = fx.room(me, RoomType.FORUM, Visibility.PUBLIC);
        UUID theirs = fx.room(uid("stranger"), RoomType.CIRCLE, Visibility.PRIVATE);
        UUID myOther = fx.room(me, RoomType.FORUM, Visibility.PUBLIC);
        Message secret = fx.message(theirs, "stranger", "private words");
        Message ownElsewhere = fx.message(myOther, me, "my words elsewhere");

        for (Message foreign : List.of(secret, ownElsewhere)) {
            String path = message(mine, foreign.id()) + suffix;
            var response = switch (method) {
                case "PATCH" -> api.patch(path, token(me), "{\"content\":\"mine now\"}");
                case "DELETE" -> api.delete(path, token(me));
                default -> api.post(path, token(me), "{\"emoji\":\"x\",\"reason\":\"r\"}");
            };
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.errorCode()).isEqualTo("not_found");
            assertThat(response.body()).doesNotContain("private words");
        }
        Message stored = fx.storage().messages().findById(theirs, secret.id()).orElseThrow();
        assertThat(stored.content()).isEqualTo("private words");
        assertThat(stored.isDeleted()).isFalse();
        assertThat(stored.reactionCounts()).isEmpty();
        assertThat(fx.storage().messages().findById(myOther, ownElsewhere.id()).orElseThrow().content())
                .isEqualTo("my words elsewhere");
    }

    // ------------------------------------------------------------------------------------------ hidden content

    @Test
    void hiddenContentIsBlankBelowModeratorOnRestAndOnSockets() {
        Scene s = Scene.create();
        String moderator = s.with("moderator");
        Message m = fx.message(s.room(), s.member(), "hide me");
        String hide = "{\"action\":\"hide\",\"message_id\":\"" + m.id() + "\",\"reason\":\"off topic\"}";
        try (WsClient memberSocket = WsClient.connect(server, s.member(), roomPath(s.room()));
             WsClient modSocket = WsClient.connect(server, moderator, roomPath(s.room()))) {
            memberSocket.next("room_state");
            modSocket.next("room_state");
            assertThat(api.post("/community/rooms/" + s.room() + "/moderation/", token(moderator), hide).status())
                    .isEqualTo(201);
            JsonNode seenByMember = memberSocket.next("message_updated").path("message");
            assertThat(seenByMember.path("is_hidden").asBoolean()).isTrue();
            assertThat(seenByMember.path("content").asText()).isEmpty();
            JsonNode seenByModerator = modSocket.next("message_updated").path("message");
            assertThat(seenByModerator.path("content").asText()).isEqualTo("hide me");
        }
        JsonNode forMember = api.get(messages(s.room()), token(s.member())).json().path("results").get(0);
        assertThat(forMember.path("is_hidden").asBoolean()).isTrue();
        assertThat(forMember.path("content").asText()).isEmpty();
        assertThat(api.get(messages(s.room()), token(s.owner())).json().path("results").get(0).path("content").asText())
                .isEqualTo("hide me");
        try (WsClient late = WsClient.connect(server, uid("late"), roomPath(s.room()))) {
            assertThat(late.next("room_state").path("messages").get(0).path("content").asText()).isEmpty();
        }
        String unhide = hide.replace("\"hide\"", "\"unhide\"");
        assertThat(api.post("/community/rooms/" + s.room() + "/moderation/", token(moderator), unhide).status())
                .isEqualTo(201);
        assertThat(api.get(messages(s.room()), token(s.member())).json().path("results").get(0).path("content").asText())
                .isEqualTo("hide me");
    }

    @Test
    void everyEditReachesEveryOpenSocketInOrder() {
        Scene s = Scene.create();
        Message m = fx.message(s.room(), s.member(), "v0");
        List<String> seen = new ArrayList<>();
        try (WsClient a = WsClient.connect(server, s.owner(), roomPath(s.room()));
             WsClient b = WsClient.connect(server, uid("b"), roomPath(s.room()))) {
            a.next("room_state");
            b.next("room_state");
            for (int i = 1; i <= 3; i++) {
                api.patch(message(s.room(), m.id()), token(s.member()), "{\"content\":\"v" + i + "\"}");
            }
            for (int i = 1; i <= 3; i++) {
                seen.add(a.next("message_updated").path("message").path("content").asText());
                assertThat(b.next("message_updated").path("message").path("content").asText()).isEqualTo("v" + i);
            }
        }
        assertThat(seen).containsExactly("v1", "v2", "v3");
    }
}
