package dev.community.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import dev.community.protocol.JsonCodec;
import dev.community.server.ServerMetrics;
import dev.community.server.deflate.PerMessageDeflate;
import dev.community.server.tls.ListenerTransport;
import dev.community.server.ws.Closer;
import dev.community.server.ws.PreEncodedFrames;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.MessageToMessageEncoder;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up check of what room fan-out's finished frames rely on, against the public pipeline's real WebSocket
 * stages, and against stages that break it.
 */
class PreEncodedFramesTest {
    @TempDir
    Path dataDir;

    PublicChannelInitializer pipeline(boolean compression) {
        ServerConfig config = ConfigLoader.load(new String[] {"--data.dir=" + dataDir,
                "--auth.jwt.secret=pre-encoded-frames-test-secret-0123456789", "--ws.compression=" + compression},
                Map.of());
        ServerMetrics metrics = new ServerMetrics(new SimpleMeterRegistry());
        return new PublicChannelInitializer(config.limits(), config.ws(), metrics, new JsonCodec(), new Closer(metrics),
                new DefaultChannelGroup(ImmediateEventExecutor.INSTANCE), ListenerTransport.plain(null),
                stages -> new ChannelInboundHandlerAdapter(), ChannelInboundHandlerAdapter::new);
    }

    @Test
    void theServersStagesPassFinishedFramesWithCompressionOffAndOn() {
        pipeline(false).checkPreEncodedFrames();
        pipeline(true).checkPreEncodedFrames();
    }

    @Test
    void anExtensionNegotiatedWhileCompressionIsOffStopsTheStart() {
        PublicChannelInitializer real = pipeline(false);
        assertThatThrownBy(() -> PreEncodedFrames.check((gatekeeper, session) -> {
            real.install(gatekeeper, session);
            gatekeeper.pipeline().addAfter(gatekeeper.name(), "rogue-deflate", PerMessageDeflate.handler(65536));
        }, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("with ws.compression off the handshake negotiated an extension (permessage-deflate");
    }

    @Test
    void compressionThatNegotiatesNothingStopsTheStart() {
        PublicChannelInitializer withoutDeflate = pipeline(false);
        assertThatThrownBy(() -> PreEncodedFrames.check(withoutDeflate, true))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("with ws.compression on the handshake negotiated null");
    }

    @Test
    void aStageThatRewritesBytesStopsTheStart() {
        PublicChannelInitializer real = pipeline(false);
        assertThatThrownBy(() -> PreEncodedFrames.check((gatekeeper, session) -> {
            real.install(gatekeeper, session);
            gatekeeper.pipeline().addBefore(PipelineStage.WS_SESSION, "rewriter", new MessageToMessageEncoder<ByteBuf>() {
                @Override
                protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
                    out.add(msg.copy().setByte(0, 0x01));
                }
            });
        }, false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("a finished frame written by the session does not reach the socket unchanged");
    }
}
