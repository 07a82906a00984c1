package dev.community.loadtest.client;

import dev.community.protocol.MessageValidator;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.WireFields;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads the three things the harness needs from a {@code new_message} event — the message's seq, the send time
 * stamped in its content, and the top-level client_id — straight from the frame's bytes, without building the
 * event. At hundreds of thousands of deliveries a second on the same cores as the server, a full decode would
 * measure the harness rather than the server.
 *
 * <p>It relies only on JSON itself and on the contract's names, taken from the protocol module ({@link WireFields},
 * {@link ServerEvent.NewMessage#EVENT}): {@code "event"} comes first (the codec writes it first), an unescaped
 * {@code "seq":} can only be a key (inside a string a quote is escaped), and {@code "client_id":} is the event's
 * last key. Anything it cannot read with certainty yields false, and the
 * caller falls back to the full decoder.
 */
public final class NewMessageScanner {
    private static final byte[] NEW_MESSAGE = ascii("{" + key(WireFields.EVENT) + quoted(ServerEvent.NewMessage.EVENT));
    private static final byte[] SEQ = ascii(key(WireFields.SEQ));
    private static final byte[] CONTENT = ascii(key(WireFields.CONTENT) + "\"");
    private static final byte[] CLIENT_ID = ascii(key(WireFields.CLIENT_ID));
    private static final byte[] STAMP = ascii(ContentStamp.PREFIX);
    private static final int MAX_CLIENT_ID = MessageValidator.MAX_CLIENT_ID_LENGTH;

    private long seq;
    private long stampNanos;
    private String clientId;

    /** True when {@code frame} starts as a new_message event. */
    public static boolean isNewMessage(ByteBuf frame) {
        return startsWith(frame, frame.readerIndex(), NEW_MESSAGE);
    }

    /**
     * Scans {@code frame} (not consumed). On true, {@link #seq()}, {@link #stampNanos()} and {@link #clientId()}
     * describe it.
     */
    public boolean scan(ByteBuf frame) {
        int from = frame.readerIndex();
        int to = frame.writerIndex();
        if (!startsWith(frame, from, NEW_MESSAGE)) {
            return false;
        }
        int seqAt = indexOf(frame, from + NEW_MESSAGE.length, to, SEQ);
        if (seqAt < 0) {
            return false;
        }
        long value = 0;
        int digits = 0;
        for (int i = seqAt + SEQ.length; i < to && digits < 19; i++, digits++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        if (digits == 0) {
            return false;
        }
        seq = value;
        stampNanos = readStamp(frame, from, to);
        int idAt = lastIndexOf(frame, from, to, CLIENT_ID);
        if (idAt < 0) {
            return false;
        }
        int v = idAt + CLIENT_ID.length;
        if (v + 4 <= to && frame.getByte(v) == 'n' && frame.getByte(v + 1) == 'u' && frame.getByte(v + 2) == 'l'
                && frame.getByte(v + 3) == 'l') {
            clientId = null;
            return true;
        }
        if (v >= to || frame.getByte(v) != '"') {
            return false;
        }
        for (int i = v + 1; i < to && i - v - 1 <= MAX_CLIENT_ID; i++) {
            byte b = frame.getByte(i);
            if (b == '\\') {
                return false;
            }
            if (b == '"') {
                clientId = frame.toString(v + 1, i - v - 1, StandardCharsets.UTF_8);
                return true;
            }
        }
        return false;
    }

    public long seq() {
        return seq;
    }

    /** The send time in the content's stamp, or -1 for content the harness did not send. */
    public long stampNanos() {
        return stampNanos;
    }

    /** The client_id the event carries (the sender's own copy), or null. */
    public String clientId() {
        return clientId;
    }

    private static String quoted(String name) {
        return "\"" + name + "\"";
    }

    /** A field name as the codec writes it before the value: quoted, then a colon, no space. */
    private static String key(String name) {
        return quoted(name) + ":";
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static long readStamp(ByteBuf frame, int from, int to) {
        int at = indexOf(frame, from, to, CONTENT);
        if (at < 0) {
            return -1;
        }
        int start = at + CONTENT.length;
        if (!startsWith(frame, start, STAMP)) {
            return -1;
        }
        long value = 0;
        int digits = 0;
        int i = start + STAMP.length;
        for (; i < to && digits < 19; i++, digits++) {
            byte b = frame.getByte(i);
            if (b < '0' || b > '9') {
                break;
            }
            value = value * 10 + (b - '0');
        }
        return digits > 0 && i < to && frame.getByte(i) == ' ' ? value : -1;
    }

    private static boolean startsWith(ByteBuf frame, int at, byte[] prefix) {
        if (frame.writerIndex() - at < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (frame.getByte(at + i) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(ByteBuf frame, int from, int to, byte[] needle) {
        byte first = needle[0];
        for (int i = from; i <= to - needle.length; i++) {
            if (frame.getByte(i) == first && startsWith(frame, i, needle)) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(ByteBuf frame, int from, int to, byte[] needle) {
        for (int i = to - needle.length; i >= from; i--) {
            if (frame.getByte(i) == '"' && startsWith(frame, i, needle)) {
                return i;
            }
        }
        return -1;
    }
}
