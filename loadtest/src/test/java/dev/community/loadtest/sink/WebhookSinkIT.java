package dev.community.loadtest.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.community.server.webhooks.WebhookSigner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The sink over a real socket, fed with the server's own {@link WebhookSigner}: what the benchmarks' server sends is
 * what the sink verifies, so a drift between the two shows here rather than as a run full of 401s.
 */
class WebhookSinkIT {
    private final SecureRandom random = new SecureRandom();
    private final byte[] key = bytes(32);
    private final String secret = "whsec_" + Base64.getEncoder().encodeToString(key);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private SinkCounters counters;
    private SinkServer sink;

    @BeforeEach
    void start() throws InterruptedException {
        counters = new SinkCounters();
        sink = SinkServer.start(0, 1, counters, SignatureCheck.parse(secret));
    }

    @AfterEach
    void stop() {
        sink.close();
    }

    @Test
    void countsDeliveriesDistinctIdsAndBadSignatures() throws Exception {
        WebhookSigner signer = new WebhookSigner(key);
        WebhookSigner stranger = new WebhookSigner(bytes(32));

        assertThat(post("msg_1", signer).statusCode()).isEqualTo(204);
        assertThat(post("msg_2", signer).statusCode()).isEqualTo(204);
        assertThat(post("msg_1", signer).statusCode()).as("a redelivery").isEqualTo(204);
        assertThat(post("msg_3", stranger).statusCode()).as("signed with another secret").isEqualTo(401);
        HttpResponse<String> get = http.send(HttpRequest.newBuilder(uri()).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(get.statusCode()).isEqualTo(405);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(counters.line()).isEqualTo("received=3 unique=2 duplicates=1 bad_signature=1"));
        assertThat(counters.received()).isEqualTo(3);
        assertThat(counters.unique()).isEqualTo(2);
        assertThat(counters.duplicates()).isEqualTo(1);
        assertThat(counters.badSignature()).isEqualTo(1);
    }

    @Test
    void aBatchCountsEachOfItsEventsByItsOwnId() throws Exception {
        byte[] first = batch("e1", "e2");
        byte[] again = batch("e2", "e3");
        long timestamp = System.currentTimeMillis() / 1000;
        WebhookSigner signer = new WebhookSigner(key);

        assertThat(http.send(request("batch_e1_2", timestamp, signer.sign("batch_e1_2", timestamp, first), first),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        assertThat(http.send(request("batch_e2_2", timestamp, signer.sign("batch_e2_2", timestamp, again), again),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(204);
        byte[] empty = "{\"type\":\"batch\",\"data\":{\"events\":[]}}".getBytes(StandardCharsets.UTF_8);
        assertThat(http.send(request("batch_x_0", timestamp, signer.sign("batch_x_0", timestamp, empty), empty),
                HttpResponse.BodyHandlers.discarding()).statusCode()).as("a batch of nothing").isEqualTo(400);

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(counters.line()).isEqualTo("received=4 unique=3 duplicates=1 bad_signature=1"));
    }

    private static byte[] batch(String... ids) {
        StringBuilder b = new StringBuilder("{\"type\":\"batch\",\"timestamp\":\"2026-12-05T22:00:00.000Z\",\"data\":"
                + "{\"events\":[");
        for (int i = 0; i < ids.length; i++) {
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(ids[i])
                    .append("\",\"event\":{\"type\":\"message.created\",\"data\":{}}}");
        }
        return b.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void anyOfSeveralSignaturesMayMatch() throws Exception {
        byte[] body = "{\"type\":\"message.created\"}".getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        String wrong = new WebhookSigner(bytes(32)).sign("msg_9", timestamp, body);
        String right = new WebhookSigner(key).sign("msg_9", timestamp, body);

        HttpResponse<Void> response = http.send(request("msg_9", timestamp, wrong + " v1,not-base64! " + right, body),
                HttpResponse.BodyHandlers.discarding());

        assertThat(response.statusCode()).isEqualTo(204);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(counters.line()).isEqualTo("received=1 unique=1 duplicates=0 bad_signature=0"));
    }

    private HttpResponse<Void> post(String id, WebhookSigner signer) throws Exception {
        byte[] body = ("{\"type\":\"message.created\",\"data\":{\"id\":\"" + id + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        long timestamp = System.currentTimeMillis() / 1000;
        return http.send(request(id, timestamp, signer.sign(id, timestamp, body), body),
                HttpResponse.BodyHandlers.discarding());
    }

    private HttpRequest request(String id, long timestamp, String signature, byte[] body) {
        return HttpRequest.newBuilder(uri())
                .header("content-type", "application/json")
                .header("webhook-id", id)
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signature)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
    }

    private URI uri() {
        return URI.create("http://127.0.0.1:" + sink.port() + "/hooks/community");
    }

    private byte[] bytes(int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
