package dev.community.server.room;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;

/**
 * Finished WebSocket text frames (RFC 6455 §5.2: FIN + text opcode, unmasked as a server sends them). A room
 * event is framed once here, and every member gets a retained duplicate of the same frame bytes, which pass
 * Netty's frame encoder untouched: per member there is no header to build and no payload to copy.
 */
public final class TextFrames {
    private static final int FIN_TEXT = 0x81;

    private TextFrames() {
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
