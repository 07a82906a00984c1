package dev.community.server;

import static dev.community.server.support.Fixtures.staffToken;
import static dev.community.server.support.Jwts.token;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.server.support.Api;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TestServer;
import dev.community.server.support.WebhookReceiver;
import dev.community.server.support.WebhookReceiver.Request;
import dev.community.server.support.WsClient;
import dev.community.server.webhooks.WebhookMeters;
import dev.community.storage.Storage;
import dev.community.storage.Uuids;
import dev.community.storage.WebhookOutbox;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Webhooks against real HTTP receivers on loopback (docs/PROTOCOL.md §6): Standard Webhooks signatures, every event
 * type's payload, notification.mention only for recipients without a connection, retries, dead rows and their
 * replay through the admin API, and an event committed while its receiver was down delivered by the next start.
 */
class WebhooksIT {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "webhook-test-secret-0123456789ab".getBytes(StandardCharsets.US_ASCII));
    static final String ADMIN_TOKEN = "operator-token-0123456789abcdef0123456789";
    static final Duration WAIT = Duration.ofSeconds(20);
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path sharedDir;
    static WebhookReceiver receiver;
    static TestServer server;
    static Api api;

    static Map<String, String> settings(URI url, String... more) {
        Map<String, String> s = new HashMap<>();
        s.put("webhooks.url", url.toString());
        s.put("webhooks.secret", SECRET);
        s.put("webhooks.timeout_ms", "2000");
        s.put("admin.token", ADMIN_TOKEN);
        s.put("limits.rate_messages", "1000");
        for (int i = 0; i < more.length; i += 2) {
            s.put(more[i], more[i + 1]);
        }
        return s;
    }

    @BeforeAll
    static void start() throws Exception {
        receiver = WebhookReceiver.start();
        server = TestServer.start(sharedDir, settings(receiver.url(), "moderation.blocked_words", "flagme",
                "moderation.action", "flag"));
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
        receiver.close();
    }

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static JsonNode post(UUID room, String user, String body) {
        Api.Response response = api.post("/community/rooms/" + room + "/messages/", token(user), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    /** The accepted event of {@code type} whose data matches, once it arrived. */
    static Request awaitEvent(WebhookReceiver on, String type, java.util.function.Predicate<JsonNode> data) {
        return await().atMost(WAIT).until(() -> on.accepted(type).stream().filter(r -> data.test(r.data()))
                .findFirst(), java.util.Optional::isPresent).orElseThrow();
    }

    static HttpResponse<String> admin(TestServer on, String method, String path) {
        return CheckedHttp.send(HttpRequest.newBuilder(on.admin(path)).timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + ADMIN_TOKEN)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    @Test
    void aNewMessageArrivesSignedAsStandardWebhooksSaysWithTheStoredMessage() {
        UUID room = server.newForum();
        String alice = uid("alice");
        JsonNode stored = post(room, alice, "{\"content\":\"hello hooks\",\"client_id\":\"c-1\"}");

        Request request = awaitEvent(receiver, "message.created",
                d -> d.path("message").path("id").asText().equals(stored.path("id").asText()));
        assertThat(request.verified(SECRET)).as("signature verifies with the whsec_ secret").isTrue();
        assertThat(request.verified("whsec_" + Base64.getEncoder().encodeToString(new byte[32])))
                .as("and with no other key").isFalse();
        assertThat(Long.parseLong(request.timestamp())).isBetween(Instant.now().getEpochSecond() - 60,
                Instant.now().getEpochSecond() + 1);
        assertThat(request.id()).matches("[0-9a-f-]{36}");
        JsonNode body = request.json();
        assertThat(body.fieldNames()).toIterable().containsExactly("type", "timestamp", "data");
        assertThat(body.path("timestamp").asText()).isEqualTo(stored.path("created_at").asText());
        JsonNode message = body.path("data").path("message");
        assertThat(message.path("room_id").asText()).isEqualTo(room.toString());
        assertThat(message.path("seq").asLong()).isEqualTo(stored.path("seq").asLong());
        assertThat(message.path("content").asText()).isEqualTo("hello hooks");
        assertThat(message.path("author").path("id").asText()).isEqualTo(alice);
    }

    @Test
    void everyChangeArrivesAsItsEventWithItsPayload() {
        String staff = uid("staff");
        String bob = uid("bob");
        String slug = uid("hooks");
        Api.Response created = api.post("/community/rooms/", staffToken(staff), "{\"name\":\"Hooks\",\"slug\":\""
                + slug + "\"}");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String room = created.json().path("id").asText();
        UUID roomId = UUID.fromString(room);
        Request roomCreated = awaitEvent(receiver, "room.created", d -> d.path("room").path("id").asText().equals(room));
        assertThat(roomCreated.data().path("room").path("slug").asText()).isEqualTo(slug);
        assertThat(roomCreated.data().path("room").path("creator_id").asText()).isEqualTo(staff);

        assertThat(api.patch("/community/rooms/" + room + "/", staffToken(staff), "{\"description\":\"new\"}").status())
                .isEqualTo(200);
        awaitEvent(receiver, "room.updated", d -> d.path("room").path("id").asText().equals(room)
                && d.path("room").path("description").asText().equals("new"));

        assertThat(api.post("/community/rooms/" + room + "/join/", token(bob), null).status()).isEqualTo(200);
        Request joined = awaitEvent(receiver, "member.joined", d -> d.path("user_id").asText().equals(bob));
        assertThat(joined.data().path("room_id").asText()).isEqualTo(room);
        assertThat(joined.data().path("role").asText()).isEqualTo("member");

        String id = post(roomId, bob, "{\"content\":\"first draft\"}").path("id").asText();
        assertThat(api.patch("/community/rooms/" + room + "/messages/" + id + "/", token(bob),
                "{\"content\":\"second draft\"}").status()).isEqualTo(200);
        awaitEvent(receiver, "message.updated", d -> d.path("message").path("id").asText().equals(id)
                && d.path("message").path("content").asText().equals("second draft"));

        Api.Response warn = api.post("/community/rooms/" + room + "/moderation/", staffToken(staff),
                "{\"action\":\"warn\",\"target_user_id\":\"" + bob + "\",\"reason\":\"be nice\"}");
        assertThat(warn.status()).as(warn.body()).isEqualTo(201);
        Request action = awaitEvent(receiver, "moderation.action",
                d -> d.path("action").path("target_user_id").asText().equals(bob));
        assertThat(action.data().path("action").path("action").asText()).isEqualTo("warn");
        assertThat(action.data().path("action").path("reason").asText()).isEqualTo("be nice");
        assertThat(action.data().path("action").path("moderator_id").asText()).isEqualTo(staff);

        String flagged = post(roomId, bob, "{\"content\":\"flagme please\"}").path("id").asText();
        Request flag = awaitEvent(receiver, "message.flagged", d -> d.path("message_id").asText().equals(flagged));
        assertThat(flag.data().path("author_id").asText()).isEqualTo(bob);
        assertThat(flag.data().path("source").asText()).isEqualTo("ai");

        assertThat(api.delete("/community/rooms/" + room + "/messages/" + id + "/", token(bob)).status())
                .isEqualTo(204);
        Request deleted = awaitEvent(receiver, "message.deleted", d -> d.path("message_id").asText().equals(id));
        assertThat(deleted.data().path("room_id").asText()).isEqualTo(room);
        assertThat(deleted.data().path("seq").asLong()).isPositive();

        assertThat(api.post("/community/rooms/" + room + "/leave/", token(bob), null).status()).isEqualTo(204);
        awaitEvent(receiver, "member.left", d -> d.path("user_id").asText().equals(bob)
                && d.path("room_id").asText().equals(room));

        String carol = uid("carol");
        new dev.community.server.support.Fixtures(server).seen(carol);
        Api.Response dm = api.post("/community/dm/", token(bob), "{\"participant_ids\":[\"" + carol + "\"]}");
        assertThat(dm.status()).as(dm.body()).isIn(200, 201);
        String dmRoom = dm.json().path("room").path("id").asText();
        Request dmCreated = awaitEvent(receiver, "dm.created", d -> d.path("room_id").asText().equals(dmRoom));
        assertThat(dmCreated.data().path("group").asBoolean()).isFalse();
        assertThat(dmCreated.data().path("participant_ids")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrder(bob, carol);

        // carol has no connection to the DM: she is told of the message
        String dmMessage = post(UUID.fromString(dmRoom), bob, "{\"content\":\"psst\"}").path("id").asText();
        Request notification = awaitEvent(receiver, "notification.dm",
                d -> d.path("message").path("id").asText().equals(dmMessage));
        assertThat(notification.data().path("recipient_id").asText()).isEqualTo(carol);
        assertThat(receiver.accepted("notification.dm").stream()
                .filter(r -> r.data().path("message").path("id").asText().equals(dmMessage)))
                .as("never the author").hasSize(1);

        assertThat(server.counter(WebhookMeters.DELIVERED)).isPositive();
    }

    @Test
    void aMentionNotifiesOnlyRecipientsWithoutAConnectionToTheRoom() {
        UUID room = server.newForum();
        String alice = uid("alice");
        String online = uid("online");
        String offline = uid("offline");
        try (WsClient socket = WsClient.connect(server, online, roomPath(room))) {
            socket.next("room_state");
            String id = post(room, alice, "{\"content\":\"hi both\",\"mentions\":[\"" + online + "\",\"" + offline
                    + "\",\"" + alice + "\"]}").path("id").asText();
            socket.next("new_message");
            // a room's events reach an endpoint in order: once a later message arrived, every notification of this
            // one has
            String later = post(room, alice, "{\"content\":\"later\"}").path("id").asText();
            awaitEvent(receiver, "message.created", d -> d.path("message").path("id").asText().equals(later));
            List<String> notified = receiver.accepted("notification.mention").stream()
                    .filter(r -> r.data().path("message").path("id").asText().equals(id))
                    .map(r -> r.data().path("recipient_id").asText()).toList();
            assertThat(notified).containsExactly(offline);
        }
    }

    @Test
    void aReceiverFailingThreeTimesGetsTheEventOnTheFourthWithTheSameId(@TempDir Path dir) throws Exception {
        try (WebhookReceiver flaky = WebhookReceiver.start()) {
            AtomicInteger calls = new AtomicInteger();
            flaky.answer(() -> calls.incrementAndGet() <= 3 ? 503 : 200);
            try (TestServer own = TestServer.start(dir, settings(flaky.url(), "webhooks.events", "message.created"))) {
                String id = post(own, own.newForum(), uid("alice"), "{\"content\":\"persist\"}");
                Request delivered = awaitEvent(flaky, "message.created",
                        d -> d.path("message").path("id").asText().equals(id));
                List<Request> attempts = flaky.requests();
                assertThat(attempts).extracting(Request::answeredWith).containsExactly(503, 503, 503, 200);
                assertThat(attempts).extracting(Request::id).containsOnly(delivered.id());
                assertThat(attempts).allMatch(r -> r.verified(SECRET));
                assertThat(own.counter(WebhookMeters.RETRIED, "reason", "status")).isEqualTo(3);
                assertThat(own.counter(WebhookMeters.DELIVERED)).isEqualTo(1);
            }
        }
    }

    @Test
    void aBacklogGoesAsARunInOrderAndAFailureMidRunHoldsTheRestUntilItSucceeds(@TempDir Path dir) throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            java.util.concurrent.CountDownLatch backlogWritten = new java.util.concurrent.CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(() -> {
                int call = calls.incrementAndGet();
                if (call == 1) {
                    // the first event stays in flight until the rest of the room is written behind it
                    try {
                        backlogWritten.await(30, java.util.concurrent.TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return call == 5 ? 503 : 204;
            });
            try (TestServer own = TestServer.start(dir, settings(receiver.url(), "webhooks.events", "message.created",
                    "webhooks.timeout_ms", "30000"))) {
                UUID room = own.newForum();
                List<String> sent = new java.util.ArrayList<>();
                sent.add(post(own, room, "alice", "{\"content\":\"m0\"}"));
                await().atMost(WAIT).until(() -> calls.get() == 1);
                for (int i = 1; i < 10; i++) {
                    sent.add(post(own, room, "alice", "{\"content\":\"m" + i + "\"}"));
                }
                backlogWritten.countDown();

                await().atMost(WAIT).until(() -> receiver.accepted("message.created").size() == 10);
                List<Request> requests = receiver.requests();
                // m1..m9 were claimed as one run; the 5th request (m4) failed once: m5..m9 waited for its retry
                List<String> expected = new java.util.ArrayList<>(sent.subList(0, 5));
                expected.addAll(sent.subList(4, 10));
                assertThat(requests).extracting(r -> r.data().path("message").path("id").asText())
                        .containsExactlyElementsOf(expected);
                assertThat(requests).extracting(Request::answeredWith)
                        .containsExactly(204, 204, 204, 204, 503, 204, 204, 204, 204, 204, 204);
                assertThat(requests.get(4).id()).isEqualTo(requests.get(5).id());
                io.micrometer.core.instrument.DistributionSummary runs = own.meters()
                        .get(WebhookMeters.RUN_SIZE).summary();
                assertThat(runs.max()).as("the backlog behind m0 went as one run").isEqualTo(9);
                assertThat(own.counter(WebhookMeters.DELIVERED)).isEqualTo(10);
                await().atMost(WAIT).until(() -> pending(own) == 0);
            }
        }
    }

    @Test
    void aRoomsEventsStoredTogetherGoInOrderAndAFailureAmongThemResumesAtIt(@TempDir Path dir) throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(() -> calls.incrementAndGet() == 3 ? 503 : 204);
            try (TestServer own = TestServer.start(dir, settings(receiver.url(), "webhooks.events",
                    "message.created"))) {
                UUID room = own.newForum();
                List<WebhookOutbox.Event> events = appendSix(own, room, receiver.url());
                Storage storage = own.server().context().storage();
                try (java.sql.Connection c = storage.dataSource().getConnection();
                     java.sql.ResultSet rows = c.createStatement().executeQuery(
                             "SELECT count(*) FROM webhook_outbox WHERE endpoint = '" + receiver.url() + "'")) {
                    rows.next();
                    assertThat(rows.getInt(1)).as("one row for the six (or none left: all sent already)")
                            .isLessThanOrEqualTo(1);
                }

                await().atMost(WAIT).until(() -> receiver.accepted("message.created").size() == 6);
                // the third failed once: the row went on from it after its back-off, the first two were not resent
                assertThat(receiver.requests()).extracting(r -> r.data().path("n").asInt())
                        .containsExactly(0, 1, 2, 2, 3, 4, 5);
                assertThat(receiver.requests()).extracting(Request::id).containsExactly(
                        events.get(0).id().toString(), events.get(1).id().toString(), events.get(2).id().toString(),
                        events.get(2).id().toString(), events.get(3).id().toString(), events.get(4).id().toString(),
                        events.get(5).id().toString());
                assertThat(receiver.requests()).allSatisfy(r -> assertThat(r.verified(SECRET)).isTrue());
                await().atMost(WAIT).until(() -> pending(own) == 0);
            }
        }
    }

    /** Six events of one room in one transaction (one outbox row), as the writer appends a batch's messages. */
    static List<WebhookOutbox.Event> appendSix(TestServer on, UUID room, URI endpoint) throws java.sql.SQLException {
        List<WebhookOutbox.Event> events = new java.util.ArrayList<>();
        Instant at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        for (int i = 0; i < 6; i++) {
            events.add(new WebhookOutbox.Event(Uuids.v7(), "message.created", room, at,
                    "{\"type\":\"message.created\",\"timestamp\":\"" + at + "\",\"data\":{\"n\":" + i + "}}"));
        }
        Storage storage = on.server().context().storage();
        try (java.sql.Connection c = storage.dataSource().getConnection()) {
            c.setAutoCommit(false);
            storage.webhookOutbox().append(c, events, List.of(endpoint), Duration.ofHours(1));
            c.commit();
        }
        return events;
    }

    @Test
    void withBatchesARoomsEventsGoInOneSignedRequestRetriedWholeUntilAccepted(@TempDir Path dir) throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            AtomicInteger calls = new AtomicInteger();
            receiver.answer(() -> calls.incrementAndGet() == 1 ? 503 : 204);
            try (TestServer own = TestServer.start(dir, settings(receiver.url(), "webhooks.events", "message.created",
                    "webhooks.batch_max", "4"))) {
                UUID room = own.newForum();
                List<WebhookOutbox.Event> events = appendSix(own, room, receiver.url());

                await().atMost(WAIT).until(() -> receiver.accepted("batch").size() == 2);
                List<Request> requests = receiver.requests();
                // four events a request: the first batch failed once and went again whole, then the other two
                assertThat(requests).extracting(Request::answeredWith).containsExactly(503, 204, 204);
                assertThat(requests).extracting(Request::id).containsExactly(
                        "batch_" + events.get(0).id() + "_4", "batch_" + events.get(0).id() + "_4",
                        "batch_" + events.get(4).id() + "_2");
                assertThat(requests).allSatisfy(r -> {
                    assertThat(r.verified(SECRET)).isTrue();
                    assertThat(r.type()).isEqualTo("batch");
                    assertThat(r.json().path("timestamp").asText()).isNotEmpty();
                });
                List<JsonNode> sent = new java.util.ArrayList<>();
                requests.subList(1, 3).forEach(r -> r.data().path("events").forEach(sent::add));
                assertThat(sent).extracting(e -> e.path("id").asText())
                        .containsExactlyElementsOf(events.stream().map(e -> e.id().toString()).toList());
                assertThat(sent).extracting(e -> e.path("event").toString())
                        .containsExactlyElementsOf(events.stream().map(WebhookOutbox.Event::body).toList());
                assertThat(own.counter(WebhookMeters.DELIVERED)).isEqualTo(6);
                await().atMost(WAIT).until(() -> pending(own) == 0);
            }
        }
    }

    static long pending(TestServer on) {
        return on.server().context().storage().webhookOutbox().pendingCount();
    }

    @Test
    void pastItsHorizonAnEventIsKeptDeadAndTheAdminApiReplaysIt(@TempDir Path dir) throws Exception {
        try (WebhookReceiver down = WebhookReceiver.start()) {
            down.answer(() -> 500);
            try (TestServer own = TestServer.start(dir, settings(down.url(), "webhooks.events", "message.created",
                    "webhooks.retry_horizon_seconds", "1"))) {
                String id = post(own, own.newForum(), uid("alice"), "{\"content\":\"lost?\"}");
                JsonNode dead = await().atMost(WAIT).until(() -> JSON.readTree(admin(own, "GET", "/admin/webhooks/dead")
                        .body()).path("dead"), list -> list.size() == 1);
                JsonNode row = dead.get(0);
                assertThat(row.path("type").asText()).isEqualTo("message.created");
                assertThat(row.path("endpoint").asText()).isEqualTo(down.url().toString());
                assertThat(row.path("last_error").asText()).isEqualTo("HTTP 500");
                assertThat(row.path("attempts").asInt()).isGreaterThanOrEqualTo(1);
                assertThat(row.path("body").path("data").path("message").path("id").asText()).isEqualTo(id);
                assertThat(own.counter(WebhookMeters.DEAD)).isEqualTo(1);

                assertThat(admin(own, "POST", "/admin/webhooks/dead/" + UUID.randomUUID() + "/replay").statusCode())
                        .isEqualTo(404);
                down.answer(() -> 204);
                HttpResponse<String> replayed = admin(own, "POST", "/admin/webhooks/dead/" + row.path("id").asText()
                        + "/replay");
                assertThat(replayed.statusCode()).isEqualTo(200);
                assertThat(JSON.readTree(replayed.body()).path("replayed").asInt()).isEqualTo(1);
                Request delivered = awaitEvent(down, "message.created",
                        d -> d.path("message").path("id").asText().equals(id));
                assertThat(delivered.id()).isEqualTo(row.path("id").asText());
                assertThat(JSON.readTree(admin(own, "GET", "/admin/webhooks/dead").body()).path("dead")).isEmpty();
            }
        }
    }

    @Test
    void anEventCommittedWhileTheReceiverWasDownIsDeliveredAfterARestart(@TempDir Path dir) throws Exception {
        int port;
        try (WebhookReceiver probe = WebhookReceiver.start()) {
            port = probe.port();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/hook");
        String id;
        try (TestServer first = TestServer.start(dir, settings(url, "webhooks.events", "message.created"))) {
            id = post(first, first.newForum(), uid("alice"), "{\"content\":\"while down\"}");
            await().atMost(WAIT).until(() -> first.counter(WebhookMeters.RETRIED, "reason", "connect") >= 1);
        }
        try (WebhookReceiver back = WebhookReceiver.start(port);
             TestServer second = TestServer.start(dir, settings(url, "webhooks.events", "message.created"))) {
            Request delivered = awaitEvent(back, "message.created", d -> d.path("message").path("id").asText()
                    .equals(id));
            assertThat(delivered.verified(SECRET)).isTrue();
            Set<String> ids = back.requests().stream().filter(r -> r.data().path("message").path("id").asText()
                    .equals(id)).map(Request::id).collect(Collectors.toSet());
            assertThat(ids).as("a duplicate, if any, under the same webhook-id").containsExactly(delivered.id());
        }
    }

    static String post(TestServer on, UUID room, String user, String body) {
        Api.Response response = new Api(on).post("/community/rooms/" + room + "/messages/", token(user), body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().path("id").asText();
    }
}
