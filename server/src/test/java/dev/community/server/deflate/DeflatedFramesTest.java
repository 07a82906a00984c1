package dev.community.server.deflate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.room.TextFrames;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DeflatedFramesTest {
    private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

    private static ByteBuf frame(String json) {
        return TextFrames.frame(ALLOC.directBuffer().writeBytes(json.getBytes(StandardCharsets.UTF_8)), ALLOC);
    }

    @Test
    void aTwinIsRsv1TextWhosePayloadInflatesToTheOriginal() {
        String json = "{\"event\":\"new_message\",\"message\":{\"content\":\"" + "hello hello ".repeat(40) + "\"}}";
        ByteBuf plain = frame(json);
        DeflatedFrames frames = new DeflatedFrames();
        try {
            ByteBuf twin = frames.of(plain);
            assertThat(twin.getUnsignedByte(0)).isEqualTo((short) 0xC1);
            int length = twin.getUnsignedByte(1);
            assertThat(length).isLessThan(126);
            assertThat(twin.readableBytes()).isEqualTo(2 + length);
            byte[] payload = ByteBufUtil.getBytes(twin, 2, length);
            assertThat(new String(DeflateSocket.inflate(payload), StandardCharsets.UTF_8)).isEqualTo(json);
            assertThat(frames.of(plain)).as("made once, then shared").isSameAs(twin);
        } finally {
            frames.release();
            plain.release();
        }
    }

    @Test
    void largeFramesGetTheExtendedLengthHeader() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            text.append(Integer.toHexString(i * 2654435761L > 0 ? (int) (i * 2654435761L) : i));
        }
        String json = "{\"event\":\"x\",\"content\":\"" + text + "\"}";
        ByteBuf plain = frame(json);
        DeflatedFrames frames = new DeflatedFrames();
        try {
            ByteBuf twin = frames.of(plain);
            assertThat(twin.getUnsignedByte(1)).isEqualTo((short) 126);
            int length = twin.getUnsignedShort(2);
            assertThat(twin.readableBytes()).isEqualTo(4 + length);
            assertThat(new String(DeflateSocket.inflate(ByteBufUtil.getBytes(twin, 4, length)), StandardCharsets.UTF_8))
                    .isEqualTo(json);
        } finally {
            frames.release();
            plain.release();
        }
    }

    @Test
    void smallFramesStayPlain() {
        ByteBuf plain = frame("{\"event\":\"pong\"}");
        DeflatedFrames frames = new DeflatedFrames();
        try {
            assertThat(frames.of(plain)).isSameAs(plain);
        } finally {
            frames.release();
            assertThat(plain.refCnt()).isEqualTo(1);
            plain.release();
        }
    }
}
