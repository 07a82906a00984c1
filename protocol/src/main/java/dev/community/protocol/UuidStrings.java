package dev.community.protocol;

import java.util.UUID;

/**
 * Strict parsing of UUID strings from clients. {@link UUID#fromString} accepts odd forms such as
 * {@code "1-1-1-1-1"}; the contract's ids are always the canonical 36-character form, so only that is accepted
 * (either letter case), which also keeps one id from having several spellings in URLs and caches.
 */
public final class UuidStrings {

    private static final int LENGTH = 36;

    private UuidStrings() {
    }

    /** The UUID written canonically in {@code s}, or null when {@code s} is null or not canonical. */
    public static UUID parseOrNull(String s) {
        if (s == null || s.length() != LENGTH) {
            return null;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = s.charAt(i);
            boolean dashPosition = i == 8 || i == 13 || i == 18 || i == 23;
            if (dashPosition ? c != '-' : !isHexDigit(c)) {
                return null;
            }
        }
        return UUID.fromString(s);
    }

    /** ASCII only: {@link Character#digit} would also accept other scripts' digits. */
    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }
}
