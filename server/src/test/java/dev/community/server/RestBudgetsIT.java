package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * REST budgets: per user for requests and, separately, for connection tokens; per source address for requests
 * without a valid token; and a cap on requests pipelined on one connection. Each refusal is 429 rate_limited with
 * Retry-After and retry_after_ms, and counted by budget.
 */
class RestBudgetsIT {
    @TempDir
    static Path dataDir;
    static TestServer server;
    static Api api;

    @BeforeAll
    static void start() throws Exception {
        // Refills of one a second or one a minute: nothing refills between the requests of one test.
        server = TestServer.start(dataDir, Map.of(
                "limits.rest_requests_burst", "5",
                "limits.rest_requests_per_second", "1",
                "limits.connection_tokens_burst", "2",
                "limits.connection_tokens_per_minute", "1",
                "limits.anonymous_requests_burst", "20",
                "limits.anonymous_requests_per_second", "1",
                "server.max_pipelined_requests", "3"));
        api = new Api(server);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void aUserOverTheirRequestBudgetIsAnswered429WithTheWait() {
        String token = Fixtures.token(Fixtures.uid("busy"));
        int served = 0;
        Api.Response refused = null;
        for (int i = 0; i < 20 && refused == null; i++) {
            Api.Response response = api.get("/community/rooms/", token);
            if (response.status() == 429) {
                refused = response;
            } else {
                assertThat(response.status()).isEqualTo(200);
                served++;
            }
        }
        assertThat(served).as("the burst, and at most what refilled meanwhile").isGreaterThanOrEqualTo(5);
        assertThat(refused).isNotNull();
        JsonNode error = refused.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limited");
        assertThat(error.path("retry_after_ms").asLong()).isBetween(1L, 1000L);
        assertThat(refused.retryAfter()).isEqualTo("1");
        assertThat(api.get("/community/rooms/", Fixtures.token(Fixtures.uid("calm"))).status())
                .as("another user is unaffected").isEqualTo(200);
        assertThat(server.counter("community.budget.rejections", "budget", "rest_requests")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void connectionTokensHaveABudgetOfTheirOwn() {
        String token = Fixtures.token(Fixtures.uid("reconnector"));
        assertThat(api.post("/auth/ws-connection-token/", token, null).status()).isEqualTo(200);
        assertThat(api.post("/auth/ws-connection-token/", token, null).status()).isEqualTo(200);
        Api.Response third = api.post("/auth/ws-connection-token/", token, null);
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.errorCode()).isEqualTo("rate_limited");
        assertThat(Long.parseLong(third.retryAfter())).isBetween(1L, 60L);
        assertThat(server.counter("community.budget.rejections", "budget", "connection_tokens")).isEqualTo(1);
    }

    @Test
    void requestsWithoutAValidTokenSpendTheBudgetOfTheirAddress() {
        int refusedAt = -1;
        for (int i = 0; i < 60 && refusedAt < 0; i++) {
            Api.Response response = api.get("/community/rooms/", "not-a-token");
            if (response.status() == 429) {
                refusedAt = i;
                assertThat(response.errorCode()).isEqualTo("rate_limited");
            } else {
                assertThat(response.status()).isEqualTo(401);
            }
        }
        assertThat(refusedAt).as("refused once the burst of 20 (and what refilled) is spent").isGreaterThanOrEqualTo(20);
        assertThat(api.get("/community/rooms/", Fixtures.token(Fixtures.uid("good-citizen"))).status())
                .as("a valid token does not spend the address's budget").isEqualTo(200);
        Awaitility.await().untilAsserted(() -> assertThat(api.get("/community/rooms/", "not-a-token").status())
                .as("the budget refills").isEqualTo(401));
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrderUpToTheCapAndAConnectionBeyondItIsCutOff() throws Exception {
        String token = Fixtures.token(Fixtures.uid("pipeliner"));
        String within = request("/community/rooms/", token) + request("/community/no-such/", token)
                + request("/community/rooms/", token) + request("/community/dm/", token);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(within.getBytes(StandardCharsets.US_ASCII));
            String answers = readAll(socket.getInputStream(), 4);
            assertThat(statusLines(answers)).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 404 Not Found",
                    "HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
        }
        double cutBefore = server.counter("community.http.pipelining.cutoffs");
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((within + request("/community/rooms/", token))
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            byte[] sink = new byte[8192];
            while (in.read(sink) >= 0) {
                // whatever was answered before the cut
            }
        }
        assertThat(server.counter("community.http.pipelining.cutoffs")).isEqualTo(cutBefore + 1);
    }

    private static String request(String path, String token) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n\r\n";
    }

    /** Reads until {@code responses} complete responses (by Content-Length) have arrived. */
    private static String readAll(InputStream in, int responses) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (complete(out.toString(StandardCharsets.UTF_8)) < responses) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            out.write(buffer, 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static int complete(String text) {
        int count = 0;
        int at = 0;
        while (true) {
            int head = text.indexOf("\r\n\r\n", at);
            if (head < 0) {
                return count;
            }
            String headers = text.substring(at, head).toLowerCase();
            int lengthAt = headers.indexOf("content-length:");
            int length = Integer.parseInt(headers.substring(lengthAt + 15).split("\r\n")[0].trim());
            if (text.length() < head + 4 + length) {
                return count;
            }
            count++;
            at = head + 4 + length;
        }
    }

    /** The status lines in order (a body does not end with a line break, so they are found, not split out). */
    private static java.util.List<String> statusLines(String text) {
        return java.util.regex.Pattern.compile("HTTP/1\\.1 \\d{3} [A-Za-z ]+?\r\n").matcher(text).results()
                .map(m -> m.group().strip()).toList();
    }
}
