package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.support.TestServer;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gatekeeper on an EmbeddedChannel, with a real server's collaborators: the admission gate answers at once
 * when it is full, and every admission that took a place gives it back, whatever its outcome.
 */
class WebSocketGatekeeperTest {
    @TempDir
    static Path dataDir;
    static TestServer server;
    EmbeddedChannel channel;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dataDir, Map.of());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @AfterEach
    void release() {
        if (channel != null) {
            channel.finishAndReleaseAll();
        }
    }

    EmbeddedChannel gatekeeper(AdmissionGate gate) {
        channel = new EmbeddedChannel(new WebSocketGatekeeper(server.server().context(), new RecentSightings(), gate,
                (gatekeeper, session) -> { throw new AssertionError("not admitted"); }));
        return channel;
    }

    static FullHttpRequest upgrade(String token) {
        FullHttpRequest request = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET,
                "/ws/community/room/00000000-0000-7000-8000-000000000001/?connection_token=" + token, Unpooled.EMPTY_BUFFER);
        request.headers().set(HttpHeaderNames.UPGRADE, "websocket").set(HttpHeaderNames.CONNECTION, "Upgrade");
        return request;
    }

    @Test
    void aFullGateAnswers503WithRetryAfterAtOnceAndTakesNoPlace() {
        AdmissionGate gate = new AdmissionGate(1);
        assertThat(gate.tryEnter()).isTrue();
        double refusedBefore = server.counter("community.ws.admissions.refused");
        EmbeddedChannel ch = gatekeeper(gate);

        ch.writeInbound(upgrade("any"));

        FullHttpResponse response = ch.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(503);
            assertThat(response.headers().get(HttpHeaderNames.RETRY_AFTER)).isEqualTo("1");
            assertThat(response.content().toString(StandardCharsets.UTF_8))
                    .isEqualTo("{\"error\":{\"code\":\"unavailable\",\"message\":\"too many connections are being admitted;"
                            + " retry after a pause\"}}");
        } finally {
            response.release();
        }
        assertThat(gate.inFlight()).isEqualTo(1);
        assertThat(server.counter("community.ws.admissions.refused")).isEqualTo(refusedBefore + 1);
        assertThat(ch.config().isAutoRead()).as("nothing was started that turns reading off").isTrue();
    }

    @Test
    void aRefusedTokenGivesItsPlaceBack() {
        AdmissionGate gate = new AdmissionGate(1);
        EmbeddedChannel ch = gatekeeper(gate);

        ch.writeInbound(upgrade("no-such-token"));
        ch.runPendingTasks();

        FullHttpResponse response = ch.readOutbound();
        try {
            assertThat(response.status().code()).isEqualTo(401);
        } finally {
            response.release();
        }
        assertThat(gate.inFlight()).isZero();
        assertThat(gate.tryEnter()).isTrue();
    }

    @Test
    void anHttpRequestThatIsNoUpgradePassesThrough() {
        EmbeddedChannel ch = gatekeeper(new AdmissionGate(1));
        FullHttpRequest rest = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/community/rooms/");
        ch.writeInbound(rest);
        FullHttpRequest passed = ch.readInbound();
        assertThat(passed).isSameAs(rest);
        passed.release();
    }
}
