package dev.community.storage;

/** A reaction the store will not add; {@link #reason()} says why, and the message is fit for a client. */
public final class ReactionRefusedException extends RuntimeException {
    public enum Reason {
        /** The message already carries the most distinct emoji allowed, and this one is new to it. */
        TOO_MANY_DISTINCT,
        /** The message is hidden by moderation: nobody reacts to what members cannot see. */
        HIDDEN
    }

    private final Reason reason;

    public ReactionRefusedException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
