package dev.community.storage.jdbc;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Opaque page cursors: the sort key of a page's last row, base64url-encoded with a one-letter kind, so a
 * cursor of one list is refused by another instead of silently paging wrong.
 */
public final class Cursors {
    private Cursors() {
    }

    public static String encode(char kind, String key) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((kind + ":" + key).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The key inside {@code cursor}, or null for an absent/empty cursor (the first page).
     *
     * @throws IllegalArgumentException when the cursor was not issued for this kind of list
     */
    public static String decode(char kind, String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return null;
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
        if (text.length() < 2 || text.charAt(0) != kind || text.charAt(1) != ':') {
            throw new IllegalArgumentException("invalid cursor");
        }
        return text.substring(2);
    }

    public static long decodeLong(char kind, String cursor, long firstPage) {
        String key = decode(kind, cursor);
        if (key == null) {
            return firstPage;
        }
        try {
            return Long.parseLong(key);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

    public static java.util.UUID decodeUuid(char kind, String cursor) {
        String key = decode(kind, cursor);
        if (key == null) {
            return null;
        }
        try {
            return java.util.UUID.fromString(key);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("invalid cursor");
        }
    }

    /** Checks a page size: 1..max. */
    public static int limit(int limit, int max) {
        if (limit < 1 || limit > max) {
            throw new IllegalArgumentException("limit must be 1.." + max);
        }
        return limit;
    }
}
