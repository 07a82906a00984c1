package dev.community.server.moderation;

import java.util.Locale;
import java.util.Objects;

/**
 * A {@link ContentModerator}'s decision about one piece of content.
 *
 * @param reason why, for the audit trail (empty for {@link Decision#ALLOW})
 */
public record ModerationVerdict(Decision decision, String reason) {

    private static final ModerationVerdict ALLOW = new ModerationVerdict(Decision.ALLOW, "");

    public ModerationVerdict {
        Objects.requireNonNull(decision, "decision");
        reason = reason == null ? "" : reason;
    }

    public static ModerationVerdict allow() {
        return ALLOW;
    }

    /** What happens to the content. */
    public enum Decision {
        /** Stored as sent. */
        ALLOW,
        /** Stored and visible, marked flagged and queued for a moderator's review. */
        FLAG,
        /** Stored hidden: members below moderator see it with content "" (on REST and on sockets). */
        HIDE,
        /** Not stored; the sender gets {@code forbidden} and the refusal is audited. */
        REJECT;

        /** The name as written in configuration and metrics: allow, flag, hide, reject. */
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
