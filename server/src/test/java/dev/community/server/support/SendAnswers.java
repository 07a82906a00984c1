package dev.community.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;

/**
 * What a socket was answered to its sends, by client_id — the stored message ({@code new_message} with the
 * client_id: the acknowledgement) or an {@code error} naming it — for fault tests that must show every send answered
 * and every refused one stored exactly once when resent.
 */
public final class SendAnswers {
    private SendAnswers() {
    }

    public static String send(String clientId) {
        return "{\"type\":\"send_message\",\"content\":\"fault test " + clientId + "\",\"client_id\":\"" + clientId + "\"}";
    }

    private static boolean isAnswer(JsonNode event, String clientId) {
        String kind = event.path("event").asText();
        return clientId.equals(event.path("client_id").asText())
                && ("new_message".equals(kind) || "error".equals(kind));
    }

    /** How many answers naming {@code clientId} the client has received so far. */
    public static long count(WsClient client, String clientId) {
        client.pending();
        return client.seen().stream().filter(e -> isAnswer(e, clientId)).count();
    }

    /** The latest answer naming {@code clientId} (a resend's answer replaces the refusal before it). */
    public static Optional<JsonNode> latest(WsClient client, String clientId) {
        client.pending();
        return client.seen().stream().filter(e -> isAnswer(e, clientId)).reduce((first, second) -> second);
    }

    /** The first answer naming {@code clientId}. */
    public static Optional<JsonNode> first(WsClient client, String clientId) {
        client.pending();
        return client.seen().stream().filter(e -> isAnswer(e, clientId)).findFirst();
    }

    public static boolean acknowledged(JsonNode answer) {
        return "new_message".equals(answer.path("event").asText());
    }

    /** {@code new_message}, or {@code error:<code>}: one word for what the client was told. */
    public static String kind(JsonNode answer) {
        return acknowledged(answer) ? "new_message" : "error:" + answer.path("code").asText();
    }

    /** Waits until {@code clientId} has an answer. */
    public static JsonNode await(WsClient client, String clientId, Duration atMost) {
        Awaitility.await().atMost(atMost).until(() -> first(client, clientId).isPresent());
        return first(client, clientId).orElseThrow();
    }

    /**
     * Resends {@code clientId} (as {@link #send}), one attempt at a time, until its latest answer is the stored
     * message — what a client does with {@code unavailable}.
     */
    public static JsonNode resendUntilAcknowledged(WsClient client, String clientId, Duration atMost) {
        Awaitility.await().atMost(atMost).pollInterval(Duration.ofMillis(200)).until(() -> {
            long before = count(client, clientId);
            client.send(send(clientId));
            Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> count(client, clientId) > before);
            return latest(client, clientId).map(SendAnswers::acknowledged).orElse(false);
        });
        return latest(client, clientId).orElseThrow();
    }
}
