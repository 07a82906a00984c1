package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile client's tries, each answered as documented: memory per connection bounded, request frames within a
 * budget, typing that costs the room nothing, hidden means hidden, blocks hold everywhere, reactions bounded,
 * errors that say nothing of the internals.
 */
class AbuseResistanceIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;
    static Fixtures fx;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of(
                "limits.rate_messages", "1000",
                "ws.max_pending_bytes", "65536",
                "limits.ws_requests_burst", "8",
                "limits.ws_requests_per_second", "1",
                "limits.ws_rate_limited_strikes", "3",
                "limits.group_dms_per_hour", "2",
                "limits.group_dm_max_participants", "4",
                "limits.reactions_burst", "3",
                "limits.reactions_per_minute", "1"));
        api = new Api(server);
        fx = new Fixtures(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    // ------------------------------------------------------------------------------------ the outbound budget

    @Test
    void aLargeHistoryPageIsCutToFitTheBudgetAndSaysThereIsMore() {
        UUID room = server.newForum();
        String big = "p".repeat(3000);
        for (int i = 0; i < 40; i++) {
            fx.message(room, "page-author", big + i);
        }
        try (WsClient reader = WsClient.connect(server, "page-reader", roomPath(room))) {
            JsonNode state = reader.next("room_state");
            assertThat(state.path("messages").size()).as("room_state within half the budget").isBetween(1, 10);
            assertThat(state.path("has_more").asBoolean()).isTrue();
            long oldest = state.path("messages").get(0).path("seq").asLong();
            reader.send("{\"type\":\"request_history\",\"before_seq\":" + oldest + ",\"limit\":100}");
            JsonNode page = reader.next("message_history");
            assertThat(page.path("messages").size()).isBetween(1, 10);
            assertThat(page.path("has_more").asBoolean()).isTrue();
            JsonNode last = page.path("messages").get(page.path("messages").size() - 1);
            assertThat(last.path("seq").asLong()).as("the newest messages before before_seq are kept")
                    .isEqualTo(oldest - 1);
        }
    }

    // -------------------------------------------------------------------------------- request frame budget

    @Test
    void requestFramesBeyondTheBudgetAreRateLimitedAndAClientThatKeepsGoingIsClosed1008() {
        UUID room = server.newForum();
        try (WsClient pinger = WsClient.connect(server, "pinger", roomPath(room))) {
            pinger.next("room_state");
            // the server closes after the third ignored refusal, which may come before all 30 are out
            int sent = 0;
            while (sent < 30 && pinger.sendUnlessClosed("{\"type\":\"ping\"}")) {
                sent++;
            }
            assertThat(pinger.awaitClose()).isEqualTo(1008);
            List<JsonNode> answers = pinger.pending();
            long pongs = answers.stream().filter(e -> e.path("event").asText().equals("pong")).count();
            List<JsonNode> refusals = answers.stream().filter(e -> e.path("event").asText().equals("error")).toList();
            assertThat(pongs).as("the burst of 8 is served (and whatever refilled meanwhile)").isGreaterThanOrEqualTo(8);
            assertThat(refusals).as("three refusals ignored within a minute close the connection").hasSize(3);
            assertThat(refusals).allSatisfy(e -> {
                assertThat(e.path("code").asText()).isEqualTo("rate_limited");
                assertThat(e.path("retry_after_ms").asLong()).isBetween(1L, 1000L);
            });
        }
    }

    @Test
    void aTypingFloodReachesTheOthersAtMostOnceASecond() {
        UUID room = server.newForum();
        try (WsClient typist = WsClient.connect(server, "flood-typist", roomPath(room));
             WsClient other = WsClient.connect(server, "flood-watcher", roomPath(room))) {
            typist.next("room_state");
            other.next("room_state");
            long started = System.nanoTime();
            for (int i = 0; i < 100; i++) {
                typist.send("{\"type\":\"typing\",\"is_typing\":" + (i % 2 == 0) + "}");
            }
            // Typing over the frame budget is dropped without an answer: the typist hears nothing back.
            other.next("typing");
            other.send("{\"type\":\"ping\"}");
            other.next("pong");
            long elapsedSeconds = (System.nanoTime() - started) / 1_000_000_000L;
            long typing = other.seen().stream().filter(e -> e.path("event").asText().equals("typing")).count();
            assertThat(typing).isLessThanOrEqualTo(1 + elapsedSeconds);
            assertThat(typist.seen()).extracting(e -> e.path("event").asText()).doesNotContain("error", "typing");
        }
    }

    // ---------------------------------------------------------------------------------- hide means hidden

    @Test
    void aHiddenMessageShowsNoAttachmentsOrMentionsBelowModeratorAnywhere() {
        String owner = Fixtures.uid("hide-owner");
        UUID room = fx.room(owner, "circle", "public");
        String member = Fixtures.uid("hide-member");
        fx.member(room, member, "member");
        var sent = api.post("/community/rooms/" + room + "/messages/", Fixtures.token(member),
                "{\"content\":\"look at this\",\"client_id\":\"h1\",\"mentions\":[\"" + owner + "\"],"
                        + "\"attachments\":[{\"url\":\"https://files.example/shock.png\",\"name\":\"offensive name.png\","
                        + "\"size\":10,\"type\":\"image/png\"}]}");
        assertThat(sent.status()).isEqualTo(201);
        String messageId = sent.json().path("id").asText();
        var hidden = api.post("/community/rooms/" + room + "/moderation/", Fixtures.token(owner),
                "{\"action\":\"hide\",\"message_id\":\"" + messageId + "\"}");
        assertThat(hidden.status()).isEqualTo(201);

        JsonNode asMember = api.get("/community/rooms/" + room + "/messages/", Fixtures.token(member)).json()
                .path("results").get(0);
        assertRedacted(asMember);
        JsonNode asOwner = api.get("/community/rooms/" + room + "/messages/", Fixtures.token(owner)).json()
                .path("results").get(0);
        assertThat(asOwner.path("content").asText()).isEqualTo("look at this");
        assertThat(asOwner.path("attachments").get(0).path("name").asText()).isEqualTo("offensive name.png");
        assertThat(asOwner.path("mentions").get(0).asText()).isEqualTo(owner);

        try (WsClient fresh = WsClient.connect(server, member, roomPath(room));
             WsClient resumed = WsClient.connect(server, member, roomPath(room), 0L);
             WsClient moderator = WsClient.connect(server, owner, roomPath(room))) {
            assertRedacted(fresh.next("room_state").path("messages").get(0));
            assertRedacted(resumed.next("room_state").path("messages").get(0));
            JsonNode seenByModerator = moderator.next("room_state").path("messages").get(0);
            assertThat(seenByModerator.path("attachments").size()).isEqualTo(1);
            assertThat(seenByModerator.path("mentions").size()).isEqualTo(1);
        }
    }

    private static void assertRedacted(JsonNode message) {
        assertThat(message.path("is_hidden").asBoolean()).isTrue();
        assertThat(message.path("content").asText()).isEmpty();
        assertThat(message.path("attachments").size()).isZero();
        assertThat(message.path("mentions").size()).isZero();
    }

    // ---------------------------------------------------------------------------------- blocks hold everywhere

    @Test
    void aGroupDmWithSomeoneWhoBlocksMeOrWhomIBlockIsRefused() {
        String blocker = Fixtures.uid("gdm-blocker");
        String pest = Fixtures.uid("gdm-pest");
        String friend = Fixtures.uid("gdm-friend");
        fx.seen(blocker, pest, friend);
        assertThat(api.post("/community/block/", Fixtures.token(blocker), "{\"user_id\":\"" + pest + "\"}").status())
                .isEqualTo(201);
        var byPest = api.post("/community/dm/", Fixtures.token(pest),
                "{\"participant_ids\":[\"" + blocker + "\",\"" + friend + "\"]}");
        assertThat(byPest.status()).isEqualTo(403);
        assertThat(byPest.errorCode()).isEqualTo("blocked");
        var byBlocker = api.post("/community/dm/", Fixtures.token(blocker),
                "{\"participant_ids\":[\"" + pest + "\",\"" + friend + "\"]}");
        assertThat(byBlocker.status()).isEqualTo(403);
        assertThat(byBlocker.errorCode()).isEqualTo("blocked");
        assertThat(api.get("/community/dm/", Fixtures.token(blocker)).json().path("results").size())
                .as("nothing reached the blocker's DM list").isZero();
    }

    @Test
    void groupDmsAreCappedInSizeAndInHowManyAUserCreates() {
        String creator = Fixtures.uid("gdm-creator");
        fx.seen("p1", "p2", "p3", "p4", "q0", "r0", "q1", "r1", "s1", "s2");
        var tooMany = api.post("/community/dm/", Fixtures.token(creator),
                "{\"participant_ids\":[\"p1\",\"p2\",\"p3\",\"p4\"]}");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.errorCode()).isEqualTo("invalid_payload");
        assertThat(tooMany.json().path("error").path("message").asText())
                .contains("a group DM holds at most 4 people, you included");
        for (int i = 0; i < 2; i++) {
            assertThat(api.post("/community/dm/", Fixtures.token(creator),
                    "{\"participant_ids\":[\"q" + i + "\",\"r" + i + "\"]}").status()).isEqualTo(201);
        }
        var third = api.post("/community/dm/", Fixtures.token(creator), "{\"participant_ids\":[\"s1\",\"s2\"]}");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.errorCode()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(third.retryAfter())).isPositive();
        assertThat(api.post("/community/dm/", Fixtures.token(creator), "{\"participant_ids\":[\"s1\"]}").status())
                .as("a 1:1 DM is no group").isEqualTo(201);
    }

    @Test
    void aBlockedUserCannotReactToTheBlockersMessagesNorCountInTheirMentions() {
        String owner = Fixtures.uid("rb-owner");
        UUID room = fx.room(owner, "circle", "public");
        String blocker = Fixtures.uid("rb-blocker");
        String pest = Fixtures.uid("rb-pest");
        fx.seen(owner);
        fx.member(room, blocker, "member");
        fx.member(room, pest, "member");
        var message = fx.message(room, blocker, "mine");
        api.post("/community/block/", Fixtures.token(blocker), "{\"user_id\":\"" + pest + "\"}");

        var reacted = api.post("/community/rooms/" + room + "/messages/" + message.id() + "/react/",
                Fixtures.token(pest), "{\"emoji\":\"👎\"}");
        assertThat(reacted.status()).isEqualTo(403);
        assertThat(reacted.errorCode()).isEqualTo("blocked");

        assertThat(api.post("/community/rooms/" + room + "/messages/", Fixtures.token(pest),
                "{\"content\":\"@you\",\"mentions\":[\"" + blocker + "\"]}").status()).isEqualTo(201);
        JsonNode view = api.get("/community/rooms/" + room + "/", Fixtures.token(blocker)).json();
        assertThat(view.path("unread_mentions").asLong()).isZero();

        UUID dm = UUID.fromString(api.post("/community/dm/", Fixtures.token(pest),
                "{\"participant_ids\":[\"" + owner + "\"]}").json().path("id").asText());
        var ownersDmMessage = fx.message(dm, owner, "hello");
        api.post("/community/block/", Fixtures.token(owner), "{\"user_id\":\"" + pest + "\"}");
        var inClosedDm = api.post("/community/rooms/" + dm + "/messages/" + ownersDmMessage.id() + "/react/",
                Fixtures.token(pest), "{\"emoji\":\"👍\"}");
        assertThat(inClosedDm.status()).isEqualTo(403);
        assertThat(inClosedDm.errorCode()).isEqualTo("blocked");
    }

    // ------------------------------------------------------------------------------------ reactions bounded

    @Test
    void theTwentyFirstDistinctReactionIsRefused() {
        String owner = Fixtures.uid("r21-owner");
        UUID room = fx.room(owner, "circle", "public");
        var message = fx.message(room, owner, "react");
        String path = "/community/rooms/" + room + "/messages/" + message.id() + "/react/";
        for (int i = 0; i < 20; i++) {
            assertThat(api.post(path, Fixtures.token(Fixtures.uid("r21-fan")), "{\"emoji\":\"e" + i + "\"}").status())
                    .isEqualTo(200);
        }
        var refused = api.post(path, Fixtures.token(Fixtures.uid("r21-fan")), "{\"emoji\":\"e20\"}");
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.errorCode()).isEqualTo("invalid_payload");
        assertThat(refused.json().path("error").path("message").asText()).contains("too many distinct reactions");
        var known = api.post(path, Fixtures.token(Fixtures.uid("r21-fan")), "{\"emoji\":\"e3\"}");
        assertThat(known.status()).as("an emoji already there takes more people").isEqualTo(200);
        assertThat(known.json().path("reaction_counts").path("e3").asInt()).isEqualTo(2);
    }

    @Test
    void reactionsAreRefusedOnHiddenAndDeletedMessagesAndCountInAPerUserBudget() {
        String owner = Fixtures.uid("rh-owner");
        UUID room = fx.room(owner, "circle", "public");
        var hiddenOne = fx.message(room, owner, "to hide");
        var deletedOne = fx.message(room, owner, "to delete");
        var plain = fx.message(room, owner, "plain");
        fx.storage().messageEdits().setHidden(room, hiddenOne.id(), true);
        fx.storage().messageEdits().delete(room, deletedOne.id());
        String fan = Fixtures.uid("rh-fan");
        String base = "/community/rooms/" + room + "/messages/";
        assertThat(api.post(base + hiddenOne.id() + "/react/", Fixtures.token(fan), "{\"emoji\":\"a\"}").status())
                .isEqualTo(403);
        assertThat(api.post(base + deletedOne.id() + "/react/", Fixtures.token(fan), "{\"emoji\":\"a\"}").status())
                .isEqualTo(404);
        assertThat(api.post(base + plain.id() + "/react/", Fixtures.token(fan), "{\"emoji\":\"b\"}").status())
                .isEqualTo(200);
        var overBudget = api.post(base + plain.id() + "/react/", Fixtures.token(fan), "{\"emoji\":\"c\"}");
        assertThat(overBudget.status()).as("three reactions tried already: the burst of three is spent").isEqualTo(429);
        assertThat(overBudget.errorCode()).isEqualTo("rate_limited");
    }

    // ------------------------------------------------------------------------------------- no internals leak

    @Test
    void aRowTheServerCannotReadIsAnInternalErrorWithARequestIdAndNothingElse() throws Exception {
        String owner = Fixtures.uid("corrupt-owner");
        UUID room = fx.room(owner, "circle", "public");
        var message = fx.message(room, owner, "fine until now");
        try (Connection c = fx.storage().dataSource().getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE messages SET attachments = 'not json' WHERE id = ?")) {
            s.setObject(1, message.id());
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        var broken = api.get("/community/rooms/" + room + "/messages/", Fixtures.token(owner));
        assertThat(broken.status()).isEqualTo(500);
        JsonNode error = broken.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("internal");
        assertThat(error.path("request_id").asText()).matches("[0-9a-f]{16}");
        assertThat(broken.body()).doesNotContainIgnoringCase("sql").doesNotContainIgnoringCase("exception")
                .doesNotContain("messages").doesNotContain("json").doesNotContain("at dev.");
    }

    @Test
    void restAnswersAreNeverSniffedNorStored() throws Exception {
        var http = java.net.http.HttpClient.newHttpClient();
        for (String path : List.of("/community/rooms/", "/community/no-such-thing/")) {
            var response = http.send(java.net.http.HttpRequest.newBuilder(server.http(path))
                            .header("Authorization", "Bearer " + Fixtures.token("headers-user")).build(),
                    java.net.http.HttpResponse.BodyHandlers.discarding());
            assertThat(response.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
            assertThat(response.headers().firstValue("Cache-Control")).contains("no-store");
        }
    }

    @Test
    void refusalsAreCountedByBudget() {
        assertThat(server.meters().find("community.budget.rejections").counters()).extracting(c -> c.getId().getTag("budget"))
                .contains("ws_requests", "rest_requests", "rest_concurrency", "connection_tokens", "anonymous_requests",
                        "reactions", "group_dms");
    }

    static List<String> events(WsClient client) {
        List<String> names = new ArrayList<>();
        client.seen().forEach(e -> names.add(e.path("event").asText()));
        return names;
    }
}
