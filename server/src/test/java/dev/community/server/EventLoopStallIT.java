package dev.community.server;

import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import io.micrometer.core.instrument.Gauge;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Grey failure: an event loop blocked on purpose (the test parks one session's loop on a latch, through the
 * directory that runs work on a session's loop). The watch reports it while it lasts — the lag gauge, the stall
 * counter, one WARN line naming where the loop's thread is stuck — and the send made during the stall is answered
 * once when the loop turns again.
 */
class EventLoopStallIT {
    @TempDir
    Path dataDir;

    static double maxLag(TestServer server) {
        return server.meters().find("community.event.loop.lag").gauges().stream().mapToDouble(Gauge::value).max()
                .orElse(-1);
    }

    @Test
    void aBlockedLoopIsReportedByMetricAndLogAndItsClientIsAnsweredAfterwards() throws Exception {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger watchLog = context.getLogger(EventLoopWatch.class);
        ListAppender<ILoggingEvent> captured = new ListAppender<>();
        captured.setContext(context);
        captured.start();
        watchLog.addAppender(captured);
        CountDownLatch release = new CountDownLatch(1);
        try (TestServer server = TestServer.start(dataDir)) {
            UUID room = server.forum("general");
            try (WsClient alice = WsClient.connect(server, "stall-alice", roomPath(room))) {
                alice.next("room_state");
                assertThat(server.meters().find("community.event.loop.lag").gauges()).isNotEmpty();
                assertThat(server.counter("community.event.loop.stalls")).isZero();

                CountDownLatch blocked = new CountDownLatch(1);
                server.server().context().connections().forEachSessionOf("stall-alice", session -> {
                    blocked.countDown();
                    try {
                        release.await(60, TimeUnit.SECONDS); // the stall: this loop does nothing else meanwhile
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                assertThat(blocked.await(10, TimeUnit.SECONDS)).isTrue();
                alice.send("{\"type\":\"send_message\",\"content\":\"during the stall\",\"client_id\":\"s1\"}");

                Awaitility.await().atMost(Duration.ofSeconds(20))
                        .until(() -> server.counter("community.event.loop.stalls") == 1 && maxLag(server) > 1.0);
                HttpResponse<String> metrics = CheckedHttp.send(HttpRequest.newBuilder(server.admin("/metrics")).build());
                assertThat(metrics.body()).contains("community_event_loop_lag_seconds{loop=\"public-io-")
                        .contains("community_event_loop_stalls_total 1.0");
                List<ILoggingEvent> warnings = captured.list.stream()
                        .filter(e -> e.getFormattedMessage().contains("stalled")).toList();
                assertThat(warnings).hasSize(1);
                assertThat(warnings.get(0).getLevel().toString()).isEqualTo("WARN");
                assertThat(warnings.get(0).getFormattedMessage()).as("names where the loop is stuck")
                        .contains("public-io").contains(EventLoopStallIT.class.getName());
                assertThat(alice.pending()).as("nothing answered while its loop is blocked").isEmpty();

                release.countDown();
                JsonNode stored = alice.next("new_message");
                assertThat(stored.path("client_id").asText()).isEqualTo("s1");
                Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> maxLag(server) < 1.0
                        && captured.list.stream().anyMatch(e -> e.getFormattedMessage().contains("turns again")));
                assertThat(server.counter("community.event.loop.stalls")).as("one stall, counted once").isEqualTo(1);
                alice.send("{\"type\":\"ping\"}");
                alice.next("pong");
                assertThat(alice.seen().stream().filter(e -> "s1".equals(e.path("client_id").asText())))
                        .as("answered exactly once").hasSize(1);
            }
        } finally {
            release.countDown();
            watchLog.detachAppender(captured);
        }
    }
}
