package dev.community.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.LongStream;

/** What the cluster tests check again and again. */
final class ClusterChecks {

    private ClusterChecks() {
    }

    /** The next {@code count} new_message events the client receives (waiting for each). */
    static List<JsonNode> messages(WsClient client, int count) {
        List<JsonNode> out = new ArrayList<>(count);
        while (out.size() < count) {
            out.add(client.next("new_message"));
        }
        return out;
    }

    static List<Long> seqs(List<JsonNode> newMessages) {
        return newMessages.stream().map(event -> event.path("message").path("seq").asLong()).toList();
    }

    /** Every seq from {@code from} to {@code to}, once each, ascending. */
    static void assertContiguous(List<Long> seqs, long from, long to) {
        assertThat(seqs).isEqualTo(LongStream.rangeClosed(from, to).boxed().toList());
    }

    static String send(String content, String clientId) {
        return "{\"type\":\"send_message\",\"content\":\"" + content + "\",\"client_id\":\"" + clientId + "\"}";
    }

    /** The HTTP status a WebSocket upgrade with {@code token} gets (raw: the JDK client hides refused upgrades). */
    static int upgradeStatus(TestServer node, UUID room, String token) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", node.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + WsClient.roomPath(room) + "?connection_token=" + token + " HTTP/1.1\r\n"
                    + "Host: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                line.append((char) c);
            }
            return Integer.parseInt(line.toString().split(" ")[1]);
        }
    }

    static HttpResponse<String> admin(TestServer node, String path) throws IOException, InterruptedException {
        return CheckedHttp.send(HttpRequest.newBuilder(node.admin(path)).timeout(Duration.ofSeconds(10)).build());
    }

    /** The value of one Prometheus sample of the node ({@code selector} like {@code kind="message"}), 0 if absent. */
    static double metric(TestServer node, String name, String selector) throws IOException, InterruptedException {
        String body = admin(node, "/metrics").body();
        double total = 0;
        for (String line : body.split("\n")) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                if (selector == null || line.contains(selector)) {
                    total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return total;
    }

    /** Whether any event the client has seen so far is a {@code event} about {@code userId}. */
    static long countAbout(WsClient client, String event, String userId) {
        client.pending();
        return client.seen().stream()
                .filter(e -> event.equals(e.path("event").asText()) && userId.equals(e.path("user").path("id").asText()))
                .count();
    }
}
