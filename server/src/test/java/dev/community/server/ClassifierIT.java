package dev.community.server;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.server.support.Api;
import dev.community.server.support.FakeClassifier;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import dev.community.storage.ModerationAction;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The external classifier ({@code moderation.classifier.*}) against a fake moderation API on a loopback port
 * ({@link FakeClassifier}: each message says what it will answer), with a real server and real sockets, in both
 * modes: before_store (the verdict decides before storing; on_error on time-outs, 5xx, nonsense and a full queue)
 * and after_store (stored and delivered at once; a later verdict hides or flags through the live road).
 */
class ClassifierIT {

    /** One fake classifier and one server pointed at it; a room with an owner (moderator+) per test. */
    abstract static class ClassifierServer {
        FakeClassifier classifier;
        TestServer server;
        Api api;
        Fixtures fx;

        abstract Map<String, String> settings();

        @BeforeAll
        void start(@TempDir Path dataDir) throws Exception {
            classifier = new FakeClassifier();
            Map<String, String> settings = new HashMap<>(Map.of("limits.rate_messages", "1000",
                    "moderation.blocked_words", "spam",
                    "moderation.classifier.url", classifier.url(),
                    "moderation.classifier.api_key", "sk-test-key",
                    "moderation.classifier.model", "omni-moderation-latest",
                    "moderation.classifier.flag_threshold", "0.5",
                    "moderation.classifier.hide_threshold", "0.8",
                    "moderation.classifier.reject_threshold", "0.95,violence=0.6"));
            settings.putAll(settings());
            server = TestServer.start(dataDir, settings);
            api = new Api(server);
            fx = new Fixtures(server);
        }

        @AfterEach
        void letHangingRequestsGo() {
            classifier.release();
        }

        @AfterAll
        void stop() {
            server.close();
            classifier.close();
        }

        UUID room(String owner) {
            return fx.room(owner, "forum", "public");
        }

        Api.Response post(UUID room, String user, String content) {
            return api.post("/community/rooms/" + room + "/messages/", token(user), "{\"content\":\"" + content + "\"}");
        }

        Api.Response edit(UUID room, UUID message, String user, String content) {
            return api.patch("/community/rooms/" + room + "/messages/" + message + "/", token(user),
                    "{\"content\":\"" + content + "\"}");
        }

        List<ModerationAction> audit(UUID room) {
            return fx.storage().moderation().listForRoom(room, null, 50).results();
        }

        JsonNode queue(String owner) {
            return api.get("/community/moderation/queue/", token(owner)).json().path("results");
        }

        long messages(UUID room) {
            return fx.storage().rooms().findById(room).orElseThrow().messageCount();
        }

        double count(String meter, String tag, String value) {
            Counter counter = server.meters().find(meter).tag(tag, value).counter();
            return counter == null ? 0 : counter.count();
        }

        double gauge(String meter) {
            Gauge gauge = server.meters().find(meter).gauge();
            return gauge == null ? -1 : gauge.value();
        }

        /** The classifier's request slots are all free again (a hanging request ended). */
        void awaitIdle() {
            classifier.release();
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> gauge("community.moderation.classifier.in.flight") == 0);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BeforeStore extends ClassifierServer {
        @Override
        Map<String, String> settings() {
            return Map.of("moderation.classifier.timeout_ms", "500");
        }

        @Test
        void aCleanMessageIsStoredAfterTheClassifierWasAskedInTheModerationApiShape() {
            String owner = uid("owner");
            UUID room = room(owner);
            double allowed = count("community.moderation.classifier.verdicts", "outcome", "allow");

            var posted = post(room, owner, "hello there, marker-clean");

            assertThat(posted.status()).isEqualTo(201);
            assertThat(classifier.asked("marker-clean")).singleElement().satisfies(request -> {
                assertThat(request.input()).isEqualTo("hello there, marker-clean");
                assertThat(request.body().path("model").asText()).isEqualTo("omni-moderation-latest");
                assertThat(request.authorization()).isEqualTo("Bearer sk-test-key");
            });
            assertThat(audit(room)).isEmpty();
            assertThat(count("community.moderation.classifier.verdicts", "outcome", "allow")).isEqualTo(allowed + 1);
        }

        @ParameterizedTest(name = "{0} -> {1} {2}")
        @CsvSource(delimiter = '|', textBlock = """
                scores harassment=0.4999          | 201 | none   | false
                scores harassment=0.5             | 201 | flag   | false
                scores harassment=0.7999          | 201 | flag   | false
                scores harassment=0.8             | 201 | hide   | true
                scores harassment=0.9499          | 201 | hide   | true
                scores harassment=0.95            | 403 | reject | false
                scores violence=0.5999            | 201 | flag   | false
                scores violence=0.6               | 403 | reject | false
                flagged but under every threshold | 201 | flag   | false
                """)
        void theStrongestThresholdReachedDecides(String content, int status, String action, boolean hidden) {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner);
            fx.member(room, member, "member");

            var posted = post(room, member, content);

            assertThat(posted.status()).isEqualTo(status);
            if (status == 403) {
                assertThat(posted.errorCode()).isEqualTo("forbidden");
                assertThat(posted.json().path("error").path("message").asText()).contains("content moderation");
                assertThat(messages(room)).isZero();
            } else {
                assertThat(posted.json().path("is_hidden").asBoolean()).isEqualTo(hidden);
                assertThat(messages(room)).isOne();
            }
            if (action.equals("none")) {
                assertThat(audit(room)).isEmpty();
                return;
            }
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo(action);
                assertThat(a.source()).isEqualTo("ai");
                assertThat(a.moderatorId()).isNull();
                assertThat(a.targetUserId()).isEqualTo(member);
                assertThat(a.reason()).startsWith("classifier: ");
            });
            if (action.equals("flag")) {
                assertThat(queue(owner)).singleElement().satisfies(item ->
                        assertThat(item.path("message_id").asText()).isEqualTo(posted.json().path("id").asText()));
            }
        }

        @Test
        void theSocketPathIsJudgedTheSameWay() {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner);
            fx.member(room, member, "member");
            try (WsClient author = WsClient.connect(server, member, roomPath(room));
                 WsClient reader = WsClient.connect(server, uid("reader"), roomPath(room))) {
                author.next("room_state");
                reader.next("room_state");
                author.send("{\"type\":\"send_message\",\"content\":\"scores harassment=0.99\",\"client_id\":\"bad-1\"}");
                JsonNode error = author.next("error");
                assertThat(error.path("code").asText()).isEqualTo("forbidden");
                assertThat(error.path("client_id").asText()).isEqualTo("bad-1");

                author.send("{\"type\":\"send_message\",\"content\":\"scores harassment=0.85\",\"client_id\":\"hid-1\"}");
                JsonNode hidden = reader.next("new_message").path("message");
                assertThat(hidden.path("is_hidden").asBoolean()).isTrue();
                assertThat(hidden.path("content").asText()).isEmpty();
                assertThat(author.next("new_message").path("client_id").asText()).isEqualTo("hid-1");
            }
            // the hide's audit entry is written after the commit that the socket's acknowledgement follows
            Awaitility.await().atMost(10, TimeUnit.SECONDS).untilAsserted(() -> assertThat(audit(room))
                    .extracting(ModerationAction::action).containsExactlyInAnyOrder("reject", "hide"));
        }

        @Test
        void anEditIsJudgedLikeANewMessage() {
            String owner = uid("owner");
            UUID room = room(owner);
            Message m = fx.message(room, owner, "harmless");

            var refused = edit(room, m.id(), owner, "scores harassment=0.97");

            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.errorCode()).isEqualTo("forbidden");
            assertThat(fx.storage().messages().findById(room, m.id()).orElseThrow().content()).isEqualTo("harmless");
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("reject");
                assertThat(a.targetMessageId()).isEqualTo(m.id());
            });
        }

        @Test
        void theWordFilterRunsFirstAndWhatItRefusesNeverReachesTheClassifier() {
            String owner = uid("owner");
            UUID room = room(owner);

            var posted = post(room, owner, "spam scores harassment=0.01 marker-filtered");

            assertThat(posted.status()).isEqualTo(403);
            assertThat(audit(room)).singleElement().satisfies(a -> assertThat(a.reason()).startsWith("blocked word"));
            assertThat(classifier.asked("marker-filtered")).isEmpty();
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                hang      | timeout
                status503 | http_5xx
                status401 | http_4xx
                garbage   | malformed
                huge      | malformed
                """)
        void withOnErrorAllowAClassifierThatGivesNoVerdictLetsTheMessageThrough(String behaviour, String kind) {
            String owner = uid("owner");
            UUID room = room(owner);
            double errors = count("community.moderation.classifier.errors", "kind", kind);
            double letThrough = count("community.moderation.verdicts", "decision", "error");

            var posted = post(room, owner, behaviour + " scores harassment=0.99");

            assertThat(posted.status()).isEqualTo(201);
            assertThat(posted.json().path("is_hidden").asBoolean()).isFalse();
            assertThat(audit(room)).isEmpty();
            assertThat(count("community.moderation.classifier.errors", "kind", kind)).isEqualTo(errors + 1);
            assertThat(count("community.moderation.verdicts", "decision", "error")).isEqualTo(letThrough + 1);
            awaitIdle();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class BeforeStoreFailClosed extends ClassifierServer {
        @Override
        Map<String, String> settings() {
            return Map.of("moderation.classifier.timeout_ms", "3000",
                    "moderation.classifier.on_error", "reject",
                    "moderation.classifier.max_concurrency", "1",
                    "moderation.classifier.queue_capacity", "0");
        }

        @ParameterizedTest(name = "{0}: {1}")
        @CsvSource(delimiter = '|', textBlock = """
                hang      | timeout
                status503 | http_5xx
                garbage   | malformed
                """)
        void withOnErrorRejectAClassifierThatGivesNoVerdictRefusesTheMessage(String behaviour, String kind) {
            String owner = uid("owner");
            UUID room = room(owner);
            double errors = count("community.moderation.classifier.errors", "kind", kind);

            var posted = post(room, owner, behaviour + " scores harassment=0.01");

            assertThat(posted.status()).isEqualTo(403);
            assertThat(posted.errorCode()).isEqualTo("forbidden");
            assertThat(messages(room)).isZero();
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("reject");
                assertThat(a.source()).isEqualTo("ai");
                assertThat(a.reason()).isEqualTo("the classifier gave no verdict (" + kind + ") and on_error is reject");
            });
            assertThat(count("community.moderation.classifier.errors", "kind", kind)).isEqualTo(errors + 1);
            awaitIdle();
        }

        @Test
        void whenEverySlotIsBusyAndTheQueueIsFullTheNextReviewIsAnErrorAtOnce() {
            String owner = uid("owner");
            String other = uid("other");
            UUID room = room(owner);
            fx.member(room, other, "member");
            double full = count("community.moderation.classifier.errors", "kind", "queue_full");
            CompletableFuture<Api.Response> first = CompletableFuture.supplyAsync(
                    () -> post(room, owner, "hang marker-first"));
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !classifier.asked("marker-first").isEmpty());
            assertThat(gauge("community.moderation.classifier.in.flight")).isEqualTo(1);

            // another sender: one sender's messages are judged in order, so the owner's next would wait its turn
            var second = post(room, other, "marker-second");

            assertThat(second.status()).isEqualTo(403);
            assertThat(second.errorCode()).isEqualTo("forbidden");
            assertThat(classifier.asked("marker-second")).isEmpty();
            assertThat(count("community.moderation.classifier.errors", "kind", "queue_full")).isEqualTo(full + 1);
            classifier.release();
            assertThat(first.orTimeout(10, TimeUnit.SECONDS).join().status()).isEqualTo(201);
            awaitIdle();
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class AfterStore extends ClassifierServer {
        @Override
        Map<String, String> settings() {
            return Map.of("moderation.classifier.mode", "after_store", "moderation.classifier.timeout_ms", "2000",
                    "moderation.classifier.on_error", "reject");
        }

        @Test
        void withOnErrorRejectAMessageTheClassifierCouldNotCheckIsHiddenAfterDelivery() {
            String owner = uid("owner");
            UUID room = room(owner);
            try (WsClient reader = WsClient.connect(server, uid("reader"), roomPath(room))) {
                reader.next("room_state");

                var posted = post(room, owner, "status503 marker-unchecked");

                assertThat(posted.status()).isEqualTo(201);
                assertThat(reader.next("new_message").path("message").path("is_hidden").asBoolean()).isFalse();
                assertThat(reader.next("message_updated").path("message").path("is_hidden").asBoolean()).isTrue();
            }
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("hide");
                assertThat(a.reason()).isEqualTo("the classifier gave no verdict (http_5xx) and on_error is reject"
                        + " (delivered already, so hidden)");
            });
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                scores harassment=0.85 | hidden
                scores harassment=0.99 | hidden, as a reject arrives after delivery
                """)
        void aLaterHideVerdictReachesLiveSocketsAsMessageUpdated(String content, String why) {
            String owner = uid("owner");
            String member = uid("member");
            UUID room = room(owner);
            fx.member(room, member, "member");
            try (WsClient reader = WsClient.connect(server, uid("reader"), roomPath(room));
                 WsClient moderator = WsClient.connect(server, owner, roomPath(room))) {
                reader.next("room_state");
                moderator.next("room_state");

                var posted = post(room, member, content);

                assertThat(posted.status()).isEqualTo(201);
                assertThat(posted.json().path("is_hidden").asBoolean()).as("stored and answered before the verdict")
                        .isFalse();
                assertThat(posted.json().path("content").asText()).isEqualTo(content);
                assertThat(reader.next("new_message").path("message").path("content").asText()).isEqualTo(content);
                JsonNode update = reader.next("message_updated").path("message");
                assertThat(update.path("id").asText()).isEqualTo(posted.json().path("id").asText());
                assertThat(update.path("is_hidden").asBoolean()).isTrue();
                assertThat(update.path("content").asText()).isEmpty();
                JsonNode forModerator = moderator.next("message_updated").path("message");
                assertThat(forModerator.path("is_hidden").asBoolean()).isTrue();
                assertThat(forModerator.path("content").asText()).isEqualTo(content);
            }
            UUID id = UUID.fromString(api.get("/community/rooms/" + room + "/messages/", token(owner)).json()
                    .path("results").get(0).path("id").asText());
            assertThat(fx.storage().messages().findById(room, id).orElseThrow().isHidden()).isTrue();
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("hide");
                assertThat(a.source()).isEqualTo("ai");
                assertThat(a.moderatorId()).isNull();
                assertThat(a.targetUserId()).isEqualTo(member);
                assertThat(a.targetMessageId()).isEqualTo(id);
                assertThat(a.reason()).startsWith("classifier: harassment");
            });
        }

        @Test
        void aLaterFlagVerdictQueuesTheMessageAndLeavesItVisible() {
            String owner = uid("owner");
            UUID room = room(owner);

            var posted = post(room, owner, "scores harassment=0.6");

            assertThat(posted.status()).isEqualTo(201);
            Awaitility.await().atMost(10, TimeUnit.SECONDS).until(() -> !audit(room).isEmpty());
            assertThat(audit(room)).singleElement().satisfies(a -> {
                assertThat(a.action()).isEqualTo("flag");
                assertThat(a.source()).isEqualTo("ai");
            });
            assertThat(queue(owner)).singleElement().satisfies(item ->
                    assertThat(item.path("message_id").asText()).isEqualTo(posted.json().path("id").asText()));
            UUID id = UUID.fromString(posted.json().path("id").asText());
            assertThat(fx.storage().messages().findById(room, id).orElseThrow().isHidden()).isFalse();
        }

        @Test
        void aLaterAllowChangesNothing() {
            String owner = uid("owner");
            UUID room = room(owner);
            double allowed = count("community.moderation.classifier.verdicts", "outcome", "allow");

            var posted = post(room, owner, "a fine message marker-after-allow");

            assertThat(posted.status()).isEqualTo(201);
            Awaitility.await().atMost(10, TimeUnit.SECONDS)
                    .until(() -> count("community.moderation.classifier.verdicts", "outcome", "allow") > allowed);
            assertThat(classifier.asked("marker-after-allow")).hasSize(1);
            assertThat(audit(room)).isEmpty();
        }

        @Test
        void anEditIsJudgedAfterItIsStored() {
            String owner = uid("owner");
            UUID room = room(owner);
            Message m = fx.message(room, owner, "fine");
            try (WsClient reader = WsClient.connect(server, uid("reader"), roomPath(room))) {
                reader.next("room_state");

                var edited = edit(room, m.id(), owner, "scores harassment=0.9");

                assertThat(edited.status()).isEqualTo(200);
                assertThat(edited.json().path("content").asText()).isEqualTo("scores harassment=0.9");
                assertThat(reader.next("message_updated").path("message").path("is_hidden").asBoolean()).isFalse();
                assertThat(reader.next("message_updated").path("message").path("is_hidden").asBoolean()).isTrue();
            }
            assertThat(audit(room)).extracting(ModerationAction::action).containsExactly("hide");
        }

        @Test
        void theWordFilterStillRunsFirstAndRefusesBeforeStoring() {
            String owner = uid("owner");
            UUID room = room(owner);

            var posted = post(room, owner, "spam marker-after-filtered");

            assertThat(posted.status()).isEqualTo(403);
            assertThat(messages(room)).isZero();
            assertThat(classifier.asked("marker-after-filtered")).isEmpty();
        }
    }
}
