package dev.community.loadtest.client;

import java.util.Arrays;

/**
 * The content of every message the harness sends: {@code "lt <nanos> <client_id> xxx..."}. The send time (this
 * process's {@link System#nanoTime()}) lets any member of the same run measure send→delivered latency, and the
 * client_id lets a resumed sender recognise its own message in a room_state that carries no client_id.
 */
public final class ContentStamp {
    /** Marks harness content; anything else in a room is someone else's message. */
    static final String PREFIX = "lt ";

    private ContentStamp() {
    }

    /** A stamped content of at least {@code minLength} characters (padded with 'x'). */
    public static String content(long nanos, String clientId, int minLength) {
        StringBuilder text = new StringBuilder(Math.max(minLength, 48));
        text.append(PREFIX).append(nanos).append(' ').append(clientId).append(' ');
        if (text.length() < minLength) {
            char[] pad = new char[minLength - text.length()];
            Arrays.fill(pad, 'x');
            text.append(pad);
        } else {
            text.append('x');
        }
        return text.toString();
    }

    /** The client_id stamped into {@code content}, or null when it is not harness content. */
    public static String clientId(String content) {
        if (content == null || !content.startsWith(PREFIX)) {
            return null;
        }
        int afterNanos = content.indexOf(' ', PREFIX.length());
        if (afterNanos < 0) {
            return null;
        }
        int end = content.indexOf(' ', afterNanos + 1);
        return end < 0 ? null : content.substring(afterNanos + 1, end);
    }

    /** The send time stamped into {@code content}, or -1 when it is not harness content. */
    public static long nanos(String content) {
        if (content == null || !content.startsWith(PREFIX)) {
            return -1;
        }
        int end = content.indexOf(' ', PREFIX.length());
        if (end < 0) {
            return -1;
        }
        try {
            return Long.parseLong(content, PREFIX.length(), end, 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
