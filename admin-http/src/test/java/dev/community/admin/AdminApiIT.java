package dev.community.admin;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** The admin API over real HTTP: the token gate, each endpoint's effect, its validation and its audit. */
class AdminApiIT {
    private static final String TOKEN = "0123456789abcdef-admin";
    private static final String AUTH = "Bearer " + TOKEN;
    private static final UUID ROOM = UUID.fromString("0b7e3a4e-25a7-4d3c-9d1e-2a1f4f5a6b7c");
    private static final UUID OTHER_ROOM = UUID.fromString("5f0c8a51-7a8e-4d62-b6c4-0f7e1f2d3c4b");

    /** What a stored message looks like to the admin server: a record with Instants and a renamed flag. */
    record StoredMessage(UUID id, UUID roomId, long seq, String content, Instant createdAt,
                         @JsonProperty("is_deleted") boolean isDeleted) {
    }

    /** One admin endpoint, called the way that succeeds when the token is right. */
    record Endpoint(String name, String method, String path, String body, int status, String operation) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final List<Endpoint> ENDPOINTS = List.of(
            new Endpoint("stats", "GET", "/admin/stats", null, 200, "stats"),
            new Endpoint("presence", "GET", "/admin/rooms/" + ROOM + "/presence", null, 200, "presence"),
            new Endpoint("disconnect", "POST", "/admin/users/u1/disconnect", "{\"code\":4003,\"reason\":\"spam\"}", 200,
                    "disconnectUser"),
            new Endpoint("system message", "POST", "/admin/rooms/" + ROOM + "/messages", "{\"content\":\"Maintenance at 6\"}",
                    201, "postSystemMessage"),
            new Endpoint("log level", "PUT", "/admin/log-level", "{\"level\":\"DEBUG\"}", 200, "setLogLevel"),
            new Endpoint("drain", "POST", "/admin/drain", "{\"window_seconds\":5}", 202, "drain"));

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FakeAdminOperations ops = new FakeAdminOperations();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger adminLogger = (Logger) LoggerFactory.getLogger("dev.community.admin");
    private AdminServer server;
    private AdminHttp http;

    @BeforeEach
    void start() {
        logs.start();
        adminLogger.addAppender(logs);
        ops.rooms.put(ROOM, new RoomPresence(ROOM, List.of(new OnlineUser("u1", "alice")), 2));
        ops.disconnectResult = 3;
        ops.messages = (room, content) -> CompletableFuture.completedFuture(new StoredMessage(
                UUID.fromString("9d3c1e4b-1111-4c2a-8f00-123456789abc"), room, 42, content,
                Instant.parse("2024-05-01T12:00:00Z"), false));
        server = new AdminServer("127.0.0.1", 0, Optional.of(TOKEN), registry,
                List.of(ReadinessCheck.of("database", () -> true)), ops).start();
        http = new AdminHttp(server);
    }

    @AfterEach
    void stop() {
        server.close();
        registry.close();
        adminLogger.detachAppender(logs);
    }

    static Stream<Endpoint> endpoints() {
        return ENDPOINTS.stream();
    }

    static Stream<Arguments> endpointsWithBadCredentials() {
        List<String> credentials = java.util.Arrays.asList(null, "", "Bearer", "Bearer ", "Bearer wrong", TOKEN,
                "Basic " + TOKEN, "Bearer " + TOKEN + "x", "Bearer " + TOKEN.substring(1), "Bearer " + TOKEN.toUpperCase());
        return ENDPOINTS.stream().flatMap(e -> credentials.stream().map(c -> Arguments.of(e, c)));
    }

    @ParameterizedTest(name = "{0} with Authorization [{1}]")
    @MethodSource("endpointsWithBadCredentials")
    void eachEndpointRefusesAMissingOrWrongToken(Endpoint endpoint, String authorization) {
        HttpResponse<String> response = http.send(endpoint.method(), endpoint.path(), endpoint.body(), authorization);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("www-authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(AdminHttp.errorCode(response)).isEqualTo("unauthorized");
        assertThat(ops.calls).isEmpty();
        assertThat(ops.audits).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void eachEndpointWorksWithTheToken(Endpoint endpoint) {
        HttpResponse<String> response = http.send(endpoint.method(), endpoint.path(), endpoint.body(), AUTH);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(endpoint.status());
        assertThat(ops.calls).extracting(FakeAdminOperations.Call::method).containsExactly(endpoint.operation());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpoints")
    void eachEndpointIsAbsentWhenNoTokenIsConfigured(Endpoint endpoint) {
        try (AdminServer open = new AdminServer("127.0.0.1", 0, Optional.empty(), registry, List.of(), ops).start()) {
            AdminHttp client = new AdminHttp(open);
            for (String authorization : java.util.Arrays.asList(null, AUTH)) {
                HttpResponse<String> response = client.send(endpoint.method(), endpoint.path(), endpoint.body(), authorization);

                assertThat(response.statusCode()).isEqualTo(404);
                assertThat(AdminHttp.errorCode(response)).isEqualTo("not_found");
            }
            assertThat(client.get("/health").statusCode()).isEqualTo(200);
        }
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void theBearerSchemeIsCaseInsensitive() {
        assertThat(http.send("GET", "/admin/stats", null, "bearer " + TOKEN).statusCode()).isEqualTo(200);
    }

    @Test
    void statsAreTheNodeSnapshotInSnakeCase() {
        ops.stats = new NodeStats(3600, 120, 7, 4, false, List.of(new RoomConnections(ROOM, "room", 80)));

        HttpResponse<String> response = http.send("GET", "/admin/stats", null, AUTH);

        assertThat(AdminHttp.json(response)).isEqualTo(json("""
                {"uptime_seconds":3600,"connections":120,"active_rooms":7,"writer_queue_depth":4,"draining":false,
                 "top_rooms":[{"room_id":"%s","room_type":"room","connections":80}]}""".formatted(ROOM)));
        assertThat(ops.audits).as("reading changes nothing: no audit").isEmpty();
    }

    @Test
    void presenceListsTheRoomsOnlineUsers() {
        HttpResponse<String> response = http.send("GET", "/admin/rooms/" + ROOM + "/presence", null, AUTH);

        assertThat(AdminHttp.json(response)).isEqualTo(json("""
                {"room_id":"%s","online_users":[{"id":"u1","username":"alice"}],"connections":2}""".formatted(ROOM)));
        assertThat(ops.calls("presence")).extracting(FakeAdminOperations.Call::args).containsExactly(List.of(ROOM));
    }

    @Test
    void presenceOfAnUnknownRoomIsNotFound() {
        HttpResponse<String> response = http.send("GET", "/admin/rooms/" + OTHER_ROOM + "/presence", null, AUTH);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(AdminHttp.errorCode(response)).isEqualTo("not_found");
    }

    @Test
    void disconnectPassesCodeAndReasonAndIsAudited() {
        HttpResponse<String> response = http.send("POST", "/admin/users/u1/disconnect",
                "{\"code\":4003,\"reason\":\"spam\"}", AUTH);

        assertThat(AdminHttp.json(response)).isEqualTo(json("{\"user_id\":\"u1\",\"closed\":3}"));
        assertThat(ops.calls("disconnectUser")).extracting(FakeAdminOperations.Call::args)
                .containsExactly(List.of("u1", 4003, "spam"));
        assertThat(ops.audits).containsExactly(new FakeAdminOperations.Audit("disconnect_user",
                "user_id=\"u1\" code=4003 reason=\"spam\" closed=3"));
        assertThat(infoLines()).anyMatch(line -> line.contains("disconnect_user") && line.contains("closed=3"));
    }

    @Test
    void disconnectWithoutABodyClosesNormally() {
        http.send("POST", "/admin/users/u%20with%20space/disconnect", null, AUTH);

        assertThat(ops.calls("disconnectUser")).extracting(FakeAdminOperations.Call::args)
                .containsExactly(List.of("u with space", 1000, AdminLimits.DEFAULT_DISCONNECT_REASON));
    }

    @Test
    void systemMessageAnswers201WithTheStoredMessage() {
        HttpResponse<String> response = http.send("POST", "/admin/rooms/" + ROOM + "/messages",
                "{\"content\":\"Maintenance at 6\"}", AUTH);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(AdminHttp.json(response)).isEqualTo(json("""
                {"id":"9d3c1e4b-1111-4c2a-8f00-123456789abc","room_id":"%s","seq":42,"content":"Maintenance at 6",
                 "created_at":"2024-05-01T12:00:00Z","is_deleted":false}""".formatted(ROOM)));
        assertThat(ops.calls("postSystemMessage")).extracting(FakeAdminOperations.Call::args)
                .containsExactly(List.of(ROOM, "Maintenance at 6"));
        assertThat(ops.audits).containsExactly(new FakeAdminOperations.Audit("post_system_message",
                "room_id=" + ROOM + " chars=16 outcome=stored"));
    }

    @Test
    void systemMessageCompletedLaterOnAnotherThreadIsStillAnswered() {
        CompletableFuture<Object> later = new CompletableFuture<>();
        ops.messages = (room, content) -> later;
        new Thread(() -> {
            org.awaitility.Awaitility.await().until(() -> !ops.calls("postSystemMessage").isEmpty());
            later.complete(java.util.Map.of("seq", 1));
        }, "writer").start();

        HttpResponse<String> response = http.send("POST", "/admin/rooms/" + ROOM + "/messages", "{\"content\":\"hi\"}", AUTH);

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(AdminHttp.json(response)).isEqualTo(json("{\"seq\":1}"));
    }

    static Stream<Arguments> messageFailures() {
        return Stream.of(
                Arguments.of(AdminException.notFound("no room"), 404, "not_found"),
                Arguments.of(AdminException.unavailable("storage is down"), 503, "unavailable"),
                Arguments.of(new IllegalStateException("bug"), 500, "internal"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageFailures")
    void systemMessageFailuresAnswerTheirStatusAndAreAudited(RuntimeException failure, int status, String code) {
        ops.messages = (room, content) -> CompletableFuture.failedFuture(failure);

        HttpResponse<String> response = http.send("POST", "/admin/rooms/" + ROOM + "/messages", "{\"content\":\"hi\"}", AUTH);

        assertThat(response.statusCode()).isEqualTo(status);
        assertThat(AdminHttp.errorCode(response)).isEqualTo(code);
        assertThat(ops.audits).containsExactly(new FakeAdminOperations.Audit("post_system_message",
                "room_id=" + ROOM + " chars=2 outcome=failed:" + code));
    }

    @Test
    void anOperationThatThrowsAnswersItsAdminError() {
        ops.messages = (room, content) -> {
            throw AdminException.unavailable("writer queue full");
        };

        HttpResponse<String> response = http.send("POST", "/admin/rooms/" + ROOM + "/messages", "{\"content\":\"hi\"}", AUTH);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(response)).isEqualTo(
                json("{\"error\":{\"code\":\"unavailable\",\"message\":\"writer queue full\"}}"));
    }

    @Test
    void logLevelDefaultsToTheRootLoggerAndNormalisesTheLevel() {
        HttpResponse<String> response = http.send("PUT", "/admin/log-level", "{\"level\":\"debug\"}", AUTH);

        assertThat(AdminHttp.json(response)).isEqualTo(json("{\"logger\":\"ROOT\",\"level\":\"DEBUG\"}"));
        assertThat(ops.calls("setLogLevel")).extracting(FakeAdminOperations.Call::args)
                .containsExactly(List.of("ROOT", "DEBUG"));
        assertThat(ops.audits).containsExactly(
                new FakeAdminOperations.Audit("set_log_level", "logger=ROOT level=DEBUG outcome=applied"));
    }

    @Test
    void logLevelRefusedByTheBackendIsABadRequest() {
        ops.logLevelAccepted = false;

        HttpResponse<String> response = http.send("PUT", "/admin/log-level",
                "{\"logger\":\"dev.community.server\",\"level\":\"WARN\"}", AUTH);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.errorCode(response)).isEqualTo("invalid_payload");
        assertThat(ops.audits).containsExactly(new FakeAdminOperations.Audit("set_log_level",
                "logger=dev.community.server level=WARN outcome=refused"));
    }

    @Test
    void drainStartsOnceAndTurnsReadyDown() {
        HttpResponse<String> response = http.send("POST", "/admin/drain", null, AUTH);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(AdminHttp.json(response)).isEqualTo(json("{\"draining\":true,\"window_seconds\":30}"));
        assertThat(ops.calls("drain")).extracting(FakeAdminOperations.Call::args)
                .containsExactly(List.of(Duration.ofSeconds(30)));
        assertThat(ops.audits).containsExactly(new FakeAdminOperations.Audit("drain", "window_seconds=30 outcome=started"));

        HttpResponse<String> again = http.send("POST", "/admin/drain", "{\"window_seconds\":0}", AUTH);
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(AdminHttp.errorCode(again)).isEqualTo("conflict");
        assertThat(ops.calls("drain")).hasSize(1);

        HttpResponse<String> ready = http.get("/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(ready).path("down")).containsExactly(json("\"draining\""));
    }

    static Stream<Arguments> wrongMethods() {
        return Stream.of(
                Arguments.of("GET", "/admin/drain", "POST"),
                Arguments.of("POST", "/admin/stats", "GET"),
                Arguments.of("GET", "/admin/log-level", "PUT"),
                Arguments.of("DELETE", "/admin/users/u1/disconnect", "POST"),
                Arguments.of("PUT", "/admin/rooms/" + ROOM + "/messages", "POST"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wrongMethods")
    void aWrongMethodIs405NamingTheRightOne(String method, String path, String allowed) {
        HttpResponse<String> response = http.send(method, path, null, AUTH);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue(allowed);
        assertThat(ops.calls).isEmpty();
    }

    static Stream<Arguments> badRequests() {
        String messages = "/admin/rooms/" + ROOM + "/messages";
        String disconnect = "/admin/users/u1/disconnect";
        return Stream.of(
                Arguments.of("POST", disconnect, "{", "invalid_json"),
                Arguments.of("POST", disconnect, "not json", "invalid_json"),
                Arguments.of("POST", disconnect, "[]", "invalid_payload"),
                Arguments.of("POST", disconnect, "\"text\"", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"code\":1234}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"code\":1009}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"code\":\"4003\"}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"code\":4003.5}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"code\":99999999999}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"reason\":5}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"reason\":\"" + "é".repeat(62) + "\"}", "invalid_payload"),
                Arguments.of("POST", disconnect, "{\"code\":4003,\"why\":\"spam\"}", "invalid_payload"),
                Arguments.of("POST", "/admin/users/" + "u".repeat(129) + "/disconnect", null, "invalid_payload"),
                Arguments.of("POST", "/admin/users/a%0Ab/disconnect", null, "invalid_payload"),
                Arguments.of("POST", messages, null, "empty_content"),
                Arguments.of("POST", messages, "{}", "empty_content"),
                Arguments.of("POST", messages, "{\"content\":\" \\n\\t \"}", "empty_content"),
                Arguments.of("POST", messages, "{\"content\":\"" + "x".repeat(4001) + "\"}", "content_too_long"),
                Arguments.of("POST", messages, "{\"content\":42}", "invalid_payload"),
                Arguments.of("POST", messages, "{\"content\":\"hi\",\"room_id\":\"x\"}", "invalid_payload"),
                Arguments.of("POST", "/admin/rooms/not-a-uuid/messages", "{\"content\":\"hi\"}", "invalid_payload"),
                Arguments.of("POST", "/admin/rooms/1-2-3-4-5/messages", "{\"content\":\"hi\"}", "invalid_payload"),
                Arguments.of("GET", "/admin/rooms/not-a-uuid/presence", null, "invalid_payload"),
                Arguments.of("PUT", "/admin/log-level", null, "invalid_payload"),
                Arguments.of("PUT", "/admin/log-level", "{\"level\":\"LOUD\"}", "invalid_payload"),
                Arguments.of("PUT", "/admin/log-level", "{\"level\":5}", "invalid_payload"),
                Arguments.of("PUT", "/admin/log-level", "{\"logger\":\"a b\",\"level\":\"INFO\"}", "invalid_payload"),
                Arguments.of("PUT", "/admin/log-level", "{\"logger\":\"a\\nb\",\"level\":\"INFO\"}", "invalid_payload"),
                Arguments.of("PUT", "/admin/log-level", "{\"logger\":\"\",\"level\":\"INFO\"}", "invalid_payload"),
                Arguments.of("POST", "/admin/drain", "{\"window_seconds\":-1}", "invalid_payload"),
                Arguments.of("POST", "/admin/drain", "{\"window_seconds\":3601}", "invalid_payload"),
                Arguments.of("POST", "/admin/drain", "{\"window_seconds\":\"30\"}", "invalid_payload"),
                Arguments.of("POST", "/admin/drain", "{\"widow_seconds\":30}", "invalid_payload"));
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badRequests")
    void badRequestsAre400WithTheirCodeAndChangeNothing(String method, String path, String body, String code) {
        HttpResponse<String> response = http.send(method, path, body, AUTH);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(AdminHttp.errorCode(response)).isEqualTo(code);
        assertThat(AdminHttp.json(response).path("error").path("message").asText()).isNotBlank();
        assertThat(ops.calls).isEmpty();
        assertThat(ops.audits).isEmpty();
    }

    @Test
    void theTokenIsNeverLoggedNorAudited() {
        ENDPOINTS.forEach(e -> http.send(e.method(), e.path(), e.body(), AUTH));
        http.send("GET", "/admin/stats", null, "Bearer " + TOKEN + "-guess");

        assertThat(ops.audits).hasSize(4);
        assertThat(ops.audits).noneMatch(a -> a.detail().contains(TOKEN));
        assertThat(logs.list).isNotEmpty().noneMatch(event -> event.getFormattedMessage().contains(TOKEN));
        assertThat(logs.list).anyMatch(event -> event.getLevel() == Level.WARN
                && event.getFormattedMessage().contains("wrong token"));
    }

    @Test
    void aFailingAuditHookDoesNotFailTheAction() {
        ops.auditFailure = new IllegalStateException("audit table is down");

        HttpResponse<String> response = http.send("POST", "/admin/drain", null, AUTH);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(ops.draining()).isTrue();
        assertThat(logs.list).anyMatch(event -> event.getLevel() == Level.ERROR
                && event.getFormattedMessage().contains("could not record the audit"));
    }

    @Test
    void requestSuppliedTextCannotForgeLogLines() {
        http.send("POST", "/admin/users/u1/disconnect", "{\"reason\":\"x\\n2024 INFO fake\\\"quote\"}", AUTH);

        assertThat(ops.audits).extracting(FakeAdminOperations.Audit::detail)
                .containsExactly("user_id=\"u1\" code=1000 reason=\"x\\u000a2024 INFO fake\\\"quote\" closed=3");
    }

    private List<String> infoLines() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.INFO).map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static JsonNode json(String text) {
        try {
            return new ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
