package dev.community.server.room;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Finished WebSocket text frames (RFC 6455 §5.2: FIN + text opcode, unmasked as a server sends them). A room
 * event is framed once here, and every member gets a retained duplicate of the same frame bytes, which pass
 * Netty's frame encoder untouched: per member there is no header to build and no payload to copy.
 *
 * <p>What this relies on, checked at start-up: Netty's frame encoder lets a plain {@link ByteBuf} through as it is
 * (it encodes {@code WebSocketFrame}s only: {@link #checkPassThrough}); and no WebSocket extension is negotiated
 * unless {@code ws.compression} is on, and then only permessage-deflate, for which a connection gets
 * {@code deflate/DeflatedFrames} instead, with RSV1 set on compressed payloads ({@code ws/PreEncodedFrames}, run
 * against the WebSocket stages the public pipeline really installs).
 */
public final class TextFrames {
    private static final int FIN_TEXT = 0x81;

    private TextFrames() {
    }

    /**
     * Writes a framed event through Netty's server frame encoder and checks that the bytes arrive unchanged;
     * throws {@link IllegalStateException} (the server does not start) if a Netty version changed that.
     */
    public static void checkPassThrough() {
        EmbeddedChannel channel = new EmbeddedChannel(new WebSocket08FrameEncoder(false));
        ByteBuf frame = frame(Unpooled.copiedBuffer("{\"event\":\"pong\"}", StandardCharsets.UTF_8),
                ByteBufAllocator.DEFAULT);
        ByteBuf expected = frame.copy();
        try {
            channel.writeOutbound(frame);
            ByteBuf written = channel.readOutbound();
            try {
                if (!expected.equals(written) || channel.readOutbound() != null) {
                    throw new IllegalStateException("Netty's WebSocket frame encoder no longer passes pre-encoded"
                            + " frames through unchanged: room fan-out (TextFrames) cannot work with this Netty");
                }
            } finally {
                if (written != null) {
                    written.release();
                }
            }
        } finally {
            expected.release();
            channel.finishAndReleaseAll();
        }
    }

    /** The length of a finished frame's header (2, 4 or 10 bytes, by its payload length). */
    public static int headerLength(ByteBuf frame) {
        int lengthByte = frame.getUnsignedByte(frame.readerIndex() + 1) & 0x7F;
        return lengthByte < 126 ? 2 : lengthByte == 126 ? 4 : 10;
    }

    /** A new buffer holding the frame around {@code payload}; takes ownership of (releases) {@code payload}. */
    public static ByteBuf frame(ByteBuf payload, ByteBufAllocator allocator) {
        try {
            int length = payload.readableBytes();
            int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
            ByteBuf frame = allocator.directBuffer(header + length);
            frame.writeByte(FIN_TEXT);
            if (length < 126) {
                frame.writeByte(length);
            } else if (length <= 0xFFFF) {
                frame.writeByte(126);
                frame.writeShort(length);
            } else {
                frame.writeByte(127);
                frame.writeLong(length);
            }
            frame.writeBytes(payload, payload.readerIndex(), length);
            return frame;
        } finally {
            payload.release();
        }
    }
}
