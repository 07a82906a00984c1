package dev.community.server.room;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.ServerEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Encodes server events straight into pooled direct buffers, once per event however many receive it. */
public final class EventEncoder {
    private final JsonCodec codec;
    private final ByteBufAllocator allocator;

    public EventEncoder(JsonCodec codec, ByteBufAllocator allocator) {
        this.codec = codec;
        this.allocator = allocator;
    }

    public JsonCodec codec() {
        return codec;
    }

    /**
     * A pooled direct buffer holding a copy of {@code json} (an event another node encoded), so the bytes are
     * copied once per node rather than once per connection write. The caller owns (and releases) it.
     */
    public ByteBuf copy(byte[] json) {
        return allocator.directBuffer(json.length).writeBytes(json);
    }

    /** A new buffer holding the event's JSON; the caller owns (and releases) it. */
    public ByteBuf encode(ServerEvent event) {
        ByteBuf buf = allocator.directBuffer(256);
        boolean ok = false;
        try (ByteBufOutputStream out = new ByteBufOutputStream(buf)) {
            codec.encode(event, out);
            ok = true;
            return buf;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            if (!ok) {
                buf.release();
            }
        }
    }
}
