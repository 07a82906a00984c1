package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Frames built once for fan-out must be exactly what Netty's own decoder reads as a text frame. */
class TextFramesTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65535, 65536, 70000})
    void nettyDecodesOurFramesAtEveryLengthBoundary(int length) {
        String text = "x".repeat(length);
        ByteBuf payload = Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
        ByteBuf frame = TextFrames.frame(payload, UnpooledByteBufAllocator.DEFAULT);
        assertThat(payload.refCnt()).as("the payload is released").isZero();
        // a client-side decoder: server frames are unmasked
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket13FrameDecoder(false, false, 1 << 20, true));
        client.writeInbound(frame);
        TextWebSocketFrame decoded = client.readInbound();
        assertThat(decoded.isFinalFragment()).isTrue();
        assertThat(decoded.text()).isEqualTo(text);
        decoded.release();
        client.finishAndReleaseAll();
    }

    @Test
    void headerSizesFollowRfc6455() {
        ByteBuf small = TextFrames.frame(Unpooled.copiedBuffer(new byte[125]), UnpooledByteBufAllocator.DEFAULT);
        ByteBuf medium = TextFrames.frame(Unpooled.copiedBuffer(new byte[126]), UnpooledByteBufAllocator.DEFAULT);
        ByteBuf large = TextFrames.frame(Unpooled.copiedBuffer(new byte[65536]), UnpooledByteBufAllocator.DEFAULT);
        assertThat(small.readableBytes()).isEqualTo(2 + 125);
        assertThat(medium.readableBytes()).isEqualTo(4 + 126);
        assertThat(large.readableBytes()).isEqualTo(10 + 65536);
        small.release();
        medium.release();
        large.release();
    }

    @Test
    void nettysFrameEncoderLetsAFramedEventThroughUnchanged() {
        // The start-up check passes on the pinned Netty (it throws otherwise).
        TextFrames.checkPassThrough();
    }
}
