package dev.community.server.cluster;

import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.Api;
import dev.community.server.support.FakeClassifier;
import dev.community.server.support.TestCluster;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An after_store classifier in a cluster (two nodes on PostgreSQL and Redis): the node that stored the message asks
 * the classifier, and its later hide reaches a socket on the other node through the room bus, as a moderator's does.
 */
class ClassifierClusterIT {
    @TempDir
    static Path dir;
    static FakeClassifier classifier;
    static TestCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        classifier = new FakeClassifier();
        cluster = TestCluster.start(dir, 2, Map.of("limits.rate_messages", "1000",
                "moderation.classifier.url", classifier.url(),
                "moderation.classifier.mode", "after_store",
                "moderation.classifier.hide_threshold", "0.8"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (classifier != null) {
            classifier.close();
        }
    }

    @Test
    void aLaterHideOnOneNodeReachesASocketOnTheOther() {
        TestServer a = cluster.node(0);
        TestServer b = cluster.node(1);
        UUID room = cluster.newForum();
        try (WsClient onB = WsClient.connect(b, "cl-reader", roomPath(room))) {
            onB.next("room_state");

            var posted = new Api(a).post("/community/rooms/" + room + "/messages/", token("cl-author"),
                    "{\"content\":\"scores harassment=0.9 marker-cluster\"}");

            assertThat(posted.status()).isEqualTo(201);
            assertThat(onB.next("new_message").path("message").path("is_hidden").asBoolean()).isFalse();
            JsonNode update = onB.next("message_updated").path("message");
            assertThat(update.path("id").asText()).isEqualTo(posted.json().path("id").asText());
            assertThat(update.path("is_hidden").asBoolean()).isTrue();
            assertThat(update.path("content").asText()).isEmpty();
        }
        assertThat(classifier.asked("marker-cluster")).as("asked once, by the node that stored it").hasSize(1);
    }
}
