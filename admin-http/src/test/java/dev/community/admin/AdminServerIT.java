package dev.community.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The operator endpoints over real HTTP: /metrics, /health, /ready, and what the port refuses to serve. */
class AdminServerIT {
    private static final String TOKEN = "admin-token-for-tests";
    /** Short, so a hung check costs the suite little; long enough that a check answering at once is never late. */
    private static final Duration READINESS_TIMEOUT = Duration.ofSeconds(1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final FakeAdminOperations ops = new FakeAdminOperations();
    private final AtomicBoolean databaseUp = new AtomicBoolean(true);
    private final CountDownLatch release = new CountDownLatch(1);
    private final List<AdminServer> servers = new ArrayList<>();

    private AdminServer server;
    private AdminHttp http;

    @BeforeEach
    void start() {
        server = start(Optional.of(TOKEN), List.of(ReadinessCheck.of("database", databaseUp::get)));
        http = new AdminHttp(server);
    }

    @AfterEach
    void stop() {
        release.countDown();
        servers.forEach(AdminServer::close);
        registry.close();
    }

    private AdminServer start(Optional<String> token, List<ReadinessCheck> checks) {
        AdminServer started = new AdminServer("127.0.0.1", 0, token, registry, checks, ops, READINESS_TIMEOUT).start();
        servers.add(started);
        return started;
    }

    @Test
    void metricsServesTheRegistryInPrometheusTextFormat() {
        Counter stored = Counter.builder("community.messages.stored").register(registry);
        stored.increment();
        stored.increment(2);

        HttpResponse<String> response = http.get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; version=0.0.4; charset=utf-8");
        assertThat(response.body()).contains("# TYPE community_messages_stored_total counter")
                .containsPattern("(?m)^community_messages_stored_total 3\\.0$");

        stored.increment();
        assertThat(http.get("/metrics").body()).containsPattern("(?m)^community_messages_stored_total 4\\.0$");
    }

    @Test
    void metricsNeedsNoTokenEvenWhenOneIsConfigured() {
        assertThat(http.send("GET", "/metrics", null, "Bearer wrong").statusCode()).isEqualTo(200);
    }

    @Test
    void healthSaysUp() {
        HttpResponse<String> response = http.get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(AdminHttp.json(response)).isEqualTo(json("{\"status\":\"up\"}"));
    }

    @Test
    void readyFollowsTheDatabaseDownAndBackUp() {
        HttpResponse<String> up = http.get("/ready");
        assertThat(up.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(up)).isEqualTo(json("{\"status\":\"ready\",\"checks\":{\"database\":\"up\"}}"));

        databaseUp.set(false);
        HttpResponse<String> down = http.get("/ready");
        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(down)).isEqualTo(
                json("{\"status\":\"not_ready\",\"down\":[\"database\"],\"checks\":{\"database\":\"down\"}}"));

        databaseUp.set(true);
        assertThat(http.get("/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void readyNamesOnlyTheChecksThatAreDown() {
        AtomicBoolean redisUp = new AtomicBoolean(true);
        AdminServer twoChecks = start(Optional.empty(),
                List.of(ReadinessCheck.of("database", () -> true), ReadinessCheck.of("redis", redisUp::get)));
        redisUp.set(false);

        HttpResponse<String> response = new AdminHttp(twoChecks).get("/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(response)).isEqualTo(json(
                "{\"status\":\"not_ready\",\"down\":[\"redis\"],\"checks\":{\"database\":\"up\",\"redis\":\"down\"}}"));
    }

    @Test
    void aCheckThatThrowsCountsAsDown() {
        AdminServer throwing = start(Optional.empty(), List.of(ReadinessCheck.of("database", () -> {
            throw new IllegalStateException("connection refused");
        })));

        HttpResponse<String> response = new AdminHttp(throwing).get("/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(response).path("checks").path("database").asText()).isEqualTo("down");
    }

    @Test
    void aCheckThatHangsTimesOutAsDownAndIsNotStartedTwice() {
        AtomicInteger calls = new AtomicInteger();
        AdminServer hanging = start(Optional.empty(), List.of(
                ReadinessCheck.of("database", () -> true),
                ReadinessCheck.of("redis", () -> {
                    calls.incrementAndGet();
                    awaitRelease();
                    return true;
                })));
        AdminHttp client = new AdminHttp(hanging);

        for (int probe = 0; probe < 2; probe++) {
            HttpResponse<String> response = client.get("/ready");
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(AdminHttp.json(response)).isEqualTo(json(
                    "{\"status\":\"not_ready\",\"down\":[\"redis\"],\"checks\":{\"database\":\"up\",\"redis\":\"timeout\"}}"));
        }
        assertThat(calls).hasValue(1);

        release.countDown();
        await().untilAsserted(() -> assertThat(client.get("/ready").statusCode()).isEqualTo(200));
    }

    @Test
    void readyWithoutChecksIsReady() {
        HttpResponse<String> response = new AdminHttp(start(Optional.empty(), List.of())).get("/ready");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(AdminHttp.json(response)).isEqualTo(json("{\"status\":\"ready\",\"checks\":{}}"));
    }

    @Test
    void drainingMakesReadyNameDraining() {
        ops.draining = true;

        HttpResponse<String> response = http.get("/ready");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(AdminHttp.json(response)).isEqualTo(
                json("{\"status\":\"not_ready\",\"down\":[\"draining\"],\"checks\":{\"database\":\"up\"}}"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "/", "/community/rooms/", "/community/rooms/0b7e3a4e-25a7-4d3c-9d1e-2a1f4f5a6b7c/messages/",
        "/auth/token/", "/auth/connection-token/", "/ws/community/room/0b7e3a4e-25a7-4d3c-9d1e-2a1f4f5a6b7c/",
        "/ws/community/dm/0b7e3a4e-25a7-4d3c-9d1e-2a1f4f5a6b7c/", "/metrics/extra", "/healthz", "/admin",
        "/admin/", "/admin/unknown", "/admin/stats/extra", "/administrator/stats", "/ADMIN/stats"})
    void servesNothingElseNotEvenThePublicApiWithTheAdminToken(String path) {
        HttpResponse<String> response = http.send("GET", path, null, "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(AdminHttp.errorCode(response)).isEqualTo("not_found");
        assertThat(ops.calls).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/health", "/ready", "/metrics"})
    void operatorEndpointsAreGetOnly(String path) {
        HttpResponse<String> response = http.send("POST", path, "{}", null);

        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(response.headers().firstValue("allow")).hasValue("GET");
        assertThat(AdminHttp.errorCode(response)).isEqualTo("method_not_allowed");
    }

    @Test
    void trailingSlashAndQueryStringDoNotChangeTheRoute() {
        assertThat(http.get("/health/").statusCode()).isEqualTo(200);
        assertThat(http.get("/health?verbose=1").statusCode()).isEqualTo(200);
    }

    @Test
    void bodiesOver64KiBAreRefused() {
        String body = "{\"content\":\"" + "x".repeat(70 * 1024) + "\"}";

        HttpResponse<String> response = http.send("POST",
                "/admin/rooms/0b7e3a4e-25a7-4d3c-9d1e-2a1f4f5a6b7c/messages", body, "Bearer " + TOKEN);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(ops.calls).isEmpty();
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        AdminServer slowReady = start(Optional.empty(), List.of(ReadinessCheck.of("database", () -> {
            calls.incrementAndGet();
            awaitRelease();
            return true;
        })));
        try (Socket socket = new Socket("127.0.0.1", slowReady.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET /ready HTTP/1.1\r\nHost: admin\r\n\r\n"
                    + "GET /health HTTP/1.1\r\nHost: admin\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            // Both requests are on the wire before /ready can answer: /health must still come second.
            await().untilAsserted(() -> assertThat(calls).hasValue(1));
            release.countDown();

            InputStream in = socket.getInputStream();
            String first = readResponse(in);
            String second = readResponse(in);

            assertThat(first).startsWith("HTTP/1.1 ").containsPattern("\"status\":\"(ready|not_ready)\"");
            assertThat(second).startsWith("HTTP/1.1 200").contains("{\"status\":\"up\"}");
        }
    }

    @Test
    void adminOperationsAreNeverCalledOnTheEventLoop() {
        http.send("GET", "/admin/stats", null, "Bearer " + TOKEN);
        http.send("POST", "/admin/drain", "{\"window_seconds\":1}", "Bearer " + TOKEN);

        assertThat(ops.calls).extracting(FakeAdminOperations.Call::thread)
                .hasSize(2)
                .allMatch(thread -> thread.startsWith("admin-worker"));
    }

    @Test
    void portIsKnownOnlyOnceStartedAndStartingTwiceFails() {
        AdminServer unstarted = new AdminServer("127.0.0.1", 0, Optional.empty(), registry, List.of(), ops);
        servers.add(unstarted);

        assertThatThrownBy(unstarted::port).isInstanceOf(IllegalStateException.class);
        assertThat(server.port()).isPositive();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aPortInUseFailsToStartNamingTheAddress() {
        AdminServer clash = new AdminServer("127.0.0.1", server.port(), Optional.empty(), registry, List.of(), ops);
        servers.add(clash);

        assertThatThrownBy(clash::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    @Test
    void closingStopsServingAndIsIdempotent() {
        int port = server.port();
        server.close();
        server.close();

        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(IOException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "db,db"})
    void checkNamesMustBeNonBlankAndUnique(String names) {
        List<ReadinessCheck> checks = java.util.Arrays.stream(names.split(",", -1))
                .map(name -> ReadinessCheck.of(name, () -> true)).toList();

        assertThatThrownBy(() -> new AdminServer("127.0.0.1", 0, Optional.empty(), registry, checks, ops))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBlankAdminTokenIsRefused() {
        assertThatThrownBy(() -> new AdminServer("127.0.0.1", 0, Optional.of("  "), registry, List.of(), ops))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private void awaitRelease() {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static JsonNode json(String text) {
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Reads one HTTP/1.1 response with a Content-Length body, headers and body as text. */
    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside a response head: " + head);
            }
            head.write(b);
        }
        String headers = head.toString(StandardCharsets.US_ASCII);
        int length = headers.lines()
                .filter(line -> line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:"))
                .mapToInt(line -> Integer.parseInt(line.substring(line.indexOf(':') + 1).strip()))
                .findFirst().orElseThrow();
        return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }
}
