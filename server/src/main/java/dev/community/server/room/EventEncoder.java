package dev.community.server.room;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.ServerEvent;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

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

    /**
     * The author's copy of a new_message, made from the members' copy {@code standard} (the same message encoded
     * with client_id null, which the codec writes last: {@code ...,"client_id":null}}) by putting the client_id
     * in place of that null — byte for byte what encoding {@code forAuthor} gives, for a copy instead of a second
     * serialisation of the message (the commit path encodes every stored message for both). When
     * {@code standard} does not end that way, {@code forAuthor} is encoded. {@code standard} is only read; the
     * caller owns (and releases) the new buffer.
     */
    public ByteBuf newMessageForAuthor(ByteBuf standard, ServerEvent.NewMessage forAuthor) {
        if (forAuthor.clientId() == null || standard.readableBytes() < NULL_CLIENT_ID_END.length
                || !endsWithNullClientId(standard)) {
            return encode(forAuthor);
        }
        int keep = standard.readableBytes() - VALUE_LENGTH;
        byte[] clientId = jsonString(forAuthor.clientId());
        ByteBuf buf = allocator.directBuffer(keep + clientId.length + 1);
        buf.writeBytes(standard, standard.readerIndex(), keep).writeBytes(clientId).writeByte('}');
        return buf;
    }

    /**
     * {@code value} as the codec writes a JSON string: printable ASCII other than the quote and the backslash goes
     * as it is (client ids almost always are such), anything else through the codec itself.
     */
    private byte[] jsonString(String value) {
        int n = value.length();
        byte[] out = new byte[n + 2];
        out[0] = '"';
        for (int i = 0; i < n; i++) {
            char ch = value.charAt(i);
            if (ch < 0x20 || ch > 0x7E || ch == '"' || ch == '\\') {
                return codec.writeBytes(value);
            }
            out[i + 1] = (byte) ch;
        }
        out[n + 1] = '"';
        return out;
    }

    /** How the codec ends a new_message without client_id (the field order of {@link ServerEvent.NewMessage}). */
    private static final byte[] NULL_CLIENT_ID_END = "\"client_id\":null}".getBytes(StandardCharsets.UTF_8);
    private static final int VALUE_LENGTH = "null}".length();

    private static boolean endsWithNullClientId(ByteBuf standard) {
        int from = standard.writerIndex() - NULL_CLIENT_ID_END.length;
        for (int i = 0; i < NULL_CLIENT_ID_END.length; i++) {
            if (standard.getByte(from + i) != NULL_CLIENT_ID_END[i]) {
                return false;
            }
        }
        return true;
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
