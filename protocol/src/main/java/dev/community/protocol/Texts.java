package dev.community.protocol;

/**
 * Checks on client text shared by every field that ends up in PostgreSQL or in another client's screen.
 * Lengths in the contract are counted in Unicode code points, so 4000 emoji fit in a 4000-long message.
 */
public final class Texts {

    private Texts() {
    }

    /**
     * True when {@code s} can be stored and re-encoded as UTF-8: no U+0000 (PostgreSQL {@code text} refuses
     * it) and no lone surrogate (it has no UTF-8 form, so it would break encoding the message for others).
     */
    public static boolean isStorable(String s) {
        int n = s.length();
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c == '\u0000') {
                return false;
            }
            if (Character.isHighSurrogate(c)) {
                if (i + 1 == n || !Character.isLowSurrogate(s.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The number of Unicode code points in {@code s} (a lone surrogate counts as one). */
    public static int codePointLength(String s) {
        return s.codePointCount(0, s.length());
    }

    /**
     * True when {@code s} would render as nothing: empty, or only whitespace (including no-break spaces) and
     * invisible format characters such as U+200B ZERO WIDTH SPACE and U+FEFF.
     */
    public static boolean isBlank(String s) {
        int i = 0;
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (!Character.isWhitespace(cp) && !Character.isSpaceChar(cp) && Character.getType(cp) != Character.FORMAT) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return true;
    }
}
