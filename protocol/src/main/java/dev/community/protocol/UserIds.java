package dev.community.protocol;

/**
 * The contract's user id: the {@code sub} claim of the access JWT, 1–64 characters of {@code [A-Za-z0-9_.:@-]}.
 * Checked by hand rather than with a regex because it runs on every mention of every message.
 */
public final class UserIds {

    /** The longest user id the contract allows. */
    public static final int MAX_LENGTH = 64;

    private UserIds() {
    }

    public static boolean isValid(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            if (!isAllowed(id.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean isAllowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '.' || c == ':' || c == '@' || c == '-';
    }
}
