package dev.community.storage.jdbc;

import dev.community.storage.Page;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * Opaque page cursors: the sort key of a page's last row, base64url-encoded with a one-letter kind, so a
 * cursor of one list is refused by another instead of silently paging wrong.
 */
public final class Cursors {
    /** The largest page any list serves (PROTOCOL.md: limit 1..100). */
    public static final int MAX_LIMIT = 100;

    /** The first page's key of a list in user id order: sorts before every user id (none is empty). */
    public static final String BEFORE_EVERY_USER = "";

    private Cursors() {
    }

    /**
     * The page of {@code rows}, fetched with {@code limit + 1}: the extra row only tells that there is a next
     * page, whose cursor is the key of the page's last row.
     */
    public static <T> Page<T> page(List<T> rows, int limit, char kind, Function<T, String> key) {
        if (rows.size() <= limit) {
            return new Page<>(rows, null);
        }
        List<T> results = rows.subList(0, limit);
        return new Page<>(results, encode(kind, key.apply(results.get(limit - 1))));
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

    /**
     * The key inside {@code cursor}, or {@code firstPage} for the first page: a key that sorts before every row's
     * lets the first page run the same statement as the pages after it.
     */
    public static String decode(char kind, String cursor, String firstPage) {
        String key = decode(kind, cursor);
        return key == null ? firstPage : key;
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

    /** Checks a page size: 1..{@link #MAX_LIMIT}. */
    public static int limit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1.." + MAX_LIMIT);
        }
        return limit;
    }
}
