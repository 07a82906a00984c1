package dev.community.server.cluster;

import static dev.community.server.support.Jwts.token;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.community.server.support.Api;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestServer;
import dev.community.server.support.WebhookReceiver;
import dev.community.server.support.WebhookReceiver.Request;
import dev.community.server.support.WsClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one PostgreSQL and Redis, both dispatching webhooks: every event reaches the receiver once (the rows
 * are claimed by one node at a time), a room's events in commit order, and notification.mention knows who is
 * connected on the other node.
 */
class ClusterWebhooksIT {
    static final String SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "cluster-webhook-secret-012345678".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path dir;

    @Test
    void twoNodesDeliverEveryEventOnceInEachRoomsOrder() throws Exception {
        try (WebhookReceiver receiver = WebhookReceiver.start();
             TestCluster cluster = TestCluster.start(dir, 2, Map.of("limits.rate_messages", "100000",
                     "webhooks.url", receiver.url().toString(), "webhooks.secret", SECRET,
                     "webhooks.events", "message.created,notification.mention"))) {
            UUID room = cluster.newForum();
            TestServer first = cluster.node(0);
            TestServer second = cluster.node(1);
            String online = "cw-online-" + UUID.randomUUID().toString().substring(0, 6);
            String offline = "cw-offline-" + UUID.randomUUID().toString().substring(0, 6);
            try (WsClient sender = WsClient.connect(first, "cw-sender", roomPath(room));
                 WsClient there = WsClient.connect(second, online, roomPath(room))) {
                sender.next("room_state");
                there.next("room_state");
                // the first node learns through Redis that the user is connected on the second
                await().atMost(Duration.ofSeconds(20)).until(() -> first.server().context().rooms().find(room)
                        .map(r -> r.isOnline(online)).orElse(false));

                List<String> sent = new ArrayList<>();
                for (int i = 0; i < 30; i++) {
                    TestServer via = i % 2 == 0 ? first : second;
                    String body = i == 0 ? "{\"content\":\"m0\",\"mentions\":[\"" + online + "\",\"" + offline + "\"]}"
                            : "{\"content\":\"m" + i + "\"}";
                    Api.Response posted = new Api(via).post("/community/rooms/" + room + "/messages/",
                            token("cw-sender"), body);
                    assertThat(posted.status()).isEqualTo(201);
                    sent.add(posted.json().path("id").asText());
                }
                await().atMost(Duration.ofSeconds(30)).until(() -> receiver.accepted("message.created").size() >= 30);

                List<Request> created = receiver.accepted("message.created");
                assertThat(created).extracting(r -> r.data().path("message").path("id").asText())
                        .as("each once, in the room's order").containsExactlyElementsOf(sent);
                Map<String, Long> perId = receiver.requests().stream()
                        .collect(Collectors.groupingBy(Request::id, Collectors.counting()));
                assertThat(perId.values()).as("no webhook-id sent twice").containsOnly(1L);
                assertThat(created).allMatch(r -> r.verified(SECRET));

                List<String> notified = receiver.accepted("notification.mention").stream()
                        .map(r -> r.data().path("recipient_id").asText()).toList();
                assertThat(notified).as("the user connected on the other node is not notified")
                        .containsExactly(offline);
                assertThat(cluster.nodes().stream().map(n -> n.counter("community.webhooks.delivered"))
                        .mapToDouble(Double::doubleValue).sum()).isEqualTo(31);
            }
        }
    }
}
