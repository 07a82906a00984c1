package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.auth.Principal;
import dev.community.server.http.PipelineStage;
import dev.community.server.http.PublicChannelInitializer;
import dev.community.server.support.TestServer;
import dev.community.server.tls.ListenerTransport;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerKeepAliveHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
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
 * when it is full, every admission that took a place gives it back, whatever its outcome, and an admitted upgrade
 * leaves the connection with the pipeline's WebSocket stages and without the gatekeeper.
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
        channel = new EmbeddedChannel(gatekeeper(gate, (gatekeeper, session) -> {
            throw new AssertionError("not admitted");
        }));
        return channel;
    }

    static WebSocketGatekeeper gatekeeper(AdmissionGate gate, WebSocketStages stages) {
        var app = server.server().context();
        return new WebSocketGatekeeper(new UpgradeRefusals(app.config(), app.codec(), app.metrics()), app.tokens(), gate,
                server.server().upgradeAdmission(), server.server().sessions(), stages);
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
    void anAdmittedUpgradeBecomesAWebSocketThroughThePipelinesStagesAndTheGatekeeperLeaves() {
        var app = server.server().context();
        UUID roomId = server.newForum();
        var principal = new Principal("gate-ada", "gate-ada", null, 0, false, Instant.now().plus(Duration.ofHours(1)));
        String token = app.tokens().issueAsync(principal).join();
        // The public pipeline's own WebSocket stages, behind the HTTP stages an upgrade meets (named as in production).
        var stages = new PublicChannelInitializer(app.config().limits(), app.config().ws(), app.metrics(), app.codec(),
                app.closer(), new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), ListenerTransport.plain(null),
                s -> null, () -> null);
        AdmissionGate gate = new AdmissionGate(4);
        channel = new EmbeddedChannel();
        var p = channel.pipeline();
        p.addLast(PipelineStage.HTTP_CODEC, new HttpServerCodec());
        p.addLast(PipelineStage.HTTP_KEEPALIVE, new HttpServerKeepAliveHandler());
        p.addLast(PipelineStage.HTTP_AGGREGATOR, new HttpObjectAggregator(65536));
        p.addLast(PipelineStage.HTTP_PIPELINING, new ChannelDuplexHandler());
        p.addLast(PipelineStage.REQUEST_DEADLINE, new ChannelDuplexHandler());
        p.addLast(PipelineStage.WS_GATEKEEPER, gatekeeper(gate, stages));
        p.addLast(PipelineStage.HTTP_ROUTER, new ChannelDuplexHandler());

        channel.writeInbound(Unpooled.copiedBuffer("GET /ws/community/room/" + roomId + "/?connection_token=" + token
                + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
                StandardCharsets.US_ASCII));

        // The token and the membership are checked off the loop; the answer comes back to the channel's loop.
        StringBuilder out = new StringBuilder();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> {
            channel.runPendingTasks();
            Object message;
            while ((message = channel.readOutbound()) != null) {
                if (message instanceof ByteBuf bytes) {
                    out.append(bytes.toString(StandardCharsets.UTF_8));
                }
                ReferenceCountUtil.release(message);
            }
            return out.indexOf("\"event\":\"room_state\"") >= 0;
        });
        assertThat(out.toString()).startsWith("HTTP/1.1 101 Switching Protocols\r\n");
        List<String> named = List.of(PipelineStage.HTTP_CODEC, PipelineStage.HTTP_KEEPALIVE,
                PipelineStage.HTTP_AGGREGATOR, PipelineStage.HTTP_PIPELINING, PipelineStage.REQUEST_DEADLINE,
                PipelineStage.WS_GATEKEEPER, PipelineStage.HTTP_ROUTER, PipelineStage.WS_DEFLATE,
                PipelineStage.WS_PROTOCOL, PipelineStage.WS_OUTBOUND_BUDGET, PipelineStage.WS_AGGREGATOR,
                PipelineStage.WS_IDLE, PipelineStage.WS_SESSION);
        assertThat(p.names().stream().filter(named::contains).toList())
                .as("the WebSocket stages in order; the gatekeeper and every HTTP stage gone")
                .containsExactly(PipelineStage.WS_PROTOCOL, PipelineStage.WS_OUTBOUND_BUDGET, PipelineStage.WS_AGGREGATOR,
                        PipelineStage.WS_IDLE, PipelineStage.WS_SESSION);
        assertThat(p.get(PipelineStage.WS_SESSION)).isInstanceOf(RoomSessionHandler.class);
        assertThat(PipelineStage.isSession(p)).isTrue();
        assertThat(gate.inFlight()).as("the admission gave its place back").isZero();
        assertThat(channel.config().isAutoRead()).as("reading resumes once room_state is out").isTrue();
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
