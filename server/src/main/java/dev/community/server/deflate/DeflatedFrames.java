package dev.community.server.deflate;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.ByteBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.zip.Deflater;

/**
 * The permessage-deflate twins of one room event's finished frames ({@code TextFrames}), made at most once per
 * variant — on the first delivery to a member that negotiated compression — and shared by every such member as
 * retained duplicates, exactly like the plain frames. This works because no connection keeps a compression context
 * ({@link PerMessageDeflate}): the compressed bytes of a message are the same for everyone.
 *
 * <p>Cost: one deflate per event and variant (standard, the actor's copy, the moderators' copy) on the first
 * event loop that needs it — about as much CPU as writing the event to one plain connection — and per compressing
 * member nothing beyond what a plain member costs. Frames too small to gain anything are sent uncompressed
 * (RSV1 clear), which RFC 7692 allows message by message. One {@link Deflater} per event-loop thread, reset
 * after every message: native memory is per thread, not per connection.
 *
 * <p>Thread-safe: a delivery reaches every event loop at once; the first loop to ask compresses, others wait for
 * it (a few microseconds) rather than compressing twice.
 */
public final class DeflatedFrames {
    /** Below this many payload bytes deflate's 5–10 bytes of framing cost more than it saves. */
    static final int MIN_PAYLOAD_BYTES = 64;
    private static final int FIN_TEXT_RSV1 = 0xC1;
    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(PerMessageDeflate.COMPRESSION_LEVEL, true));
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final Map<ByteBuf, ByteBuf> twins = new IdentityHashMap<>(4);

    /** Whether a message of {@code payloadBytes} is worth compressing. */
    public static boolean worthCompressing(int payloadBytes) {
        return payloadBytes >= MIN_PAYLOAD_BYTES;
    }

    /**
     * The compressed twin of {@code frame} (a finished unmasked text frame owned by the caller's delivery), or
     * {@code frame} itself when it is too small to compress. The twin lives until {@link #release()}.
     */
    public synchronized ByteBuf of(ByteBuf frame) {
        ByteBuf twin = twins.get(frame);
        if (twin == null) {
            twin = deflate(frame, frame.alloc());
            twins.put(frame, twin);
        }
        return twin;
    }

    /** Releases every twin made (called once, with the delivery's own buffers). */
    public synchronized void release() {
        for (Map.Entry<ByteBuf, ByteBuf> entry : twins.entrySet()) {
            if (entry.getValue() != entry.getKey()) {
                entry.getValue().release();
            }
        }
        twins.clear();
    }

    /** RFC 7692 §7.2.1: raw deflate, sync-flushed, without its trailing 00 00 FF FF; RSV1 marks the frame. */
    static ByteBuf deflate(ByteBuf frame, ByteBufAllocator allocator) {
        int lengthByte = frame.getUnsignedByte(frame.readerIndex() + 1) & 0x7F;
        int header = lengthByte < 126 ? 2 : lengthByte == 126 ? 4 : 10;
        int payloadLength = frame.readableBytes() - header;
        if (!worthCompressing(payloadLength)) {
            return frame;
        }
        ByteBuffer payload = frame.nioBuffer(frame.readerIndex() + header, payloadLength);
        Deflater deflater = DEFLATERS.get();
        byte[] out = SCRATCH.get();
        int written = 0;
        try {
            deflater.setInput(payload);
            while (true) {
                written += deflater.deflate(out, written, out.length - written, Deflater.SYNC_FLUSH);
                if (written < out.length) {
                    break;
                }
                out = java.util.Arrays.copyOf(out, out.length * 2);
                SCRATCH.set(out);
            }
        } finally {
            deflater.reset();
        }
        int compressedLength = written - 4; // the sync flush's empty stored block, which the receiver re-appends
        int compressedHeader = compressedLength < 126 ? 2 : compressedLength <= 0xFFFF ? 4 : 10;
        ByteBuf twin = allocator.directBuffer(compressedHeader + compressedLength);
        twin.writeByte(FIN_TEXT_RSV1);
        if (compressedLength < 126) {
            twin.writeByte(compressedLength);
        } else if (compressedLength <= 0xFFFF) {
            twin.writeByte(126);
            twin.writeShort(compressedLength);
        } else {
            twin.writeByte(127);
            twin.writeLong(compressedLength);
        }
        twin.writeBytes(out, 0, compressedLength);
        return twin;
    }
}
