package dev.community.loadtest.abuse;

import java.util.Arrays;
import java.util.Locale;

/** What one abuser does. Each maps to one budget of the server (docs/OPERATIONS.md, "Budgets"). */
public enum AbuseKind {
    /** Opens a room socket, stops reading, and keeps asking for {@code request_history} within the request budget: the outbound budget (4008). */
    STOP_READING,
    /** Reads, but floods request frames ({@code request_history}, {@code mark_read}, {@code ping}): the request budget (rate_limited, then 1008). */
    REQUEST_FLOOD,
    /** Floods alternating {@code typing} frames: told to others at most once a second. */
    TYPING_FLOOD,
    /** Connection tokens and upgrades as fast as it can, closing each socket at once: the token budget (429). */
    CHURN,
    /** REST calls as fast as it can: the per-user REST budget (429). */
    REST_FLOOD;

    /** The name on the command line and in reports: {@code stop-reading}, {@code request-flood}, … */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static AbuseKind parse(String label) {
        for (AbuseKind kind : values()) {
            if (kind.label().equals(label)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown abuse kind '" + label + "'; one of "
                + Arrays.stream(values()).map(AbuseKind::label).toList());
    }
}
