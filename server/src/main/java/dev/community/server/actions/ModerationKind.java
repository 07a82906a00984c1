package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import java.util.Locale;
import java.util.stream.Stream;

/** What a person moderating a room may do, by what it is aimed at: a user, a message or a thread. */
public enum ModerationKind {
    WARN(Target.USER), MUTE(Target.USER), UNMUTE(Target.USER), BAN(Target.USER), UNBAN(Target.USER),
    HIDE(Target.MESSAGE), UNHIDE(Target.MESSAGE), DELETE(Target.MESSAGE),
    LOCK(Target.THREAD), UNLOCK(Target.THREAD);

    /** Audit entries of actions a person took carry this source (content moderation writes ai, reports community). */
    public static final String SOURCE = "admin";

    /** What an action is aimed at, and so which id the request must carry. */
    public enum Target { USER, MESSAGE, THREAD }

    private final Target target;

    ModerationKind(Target target) {
        this.target = target;
    }

    public Target target() {
        return target;
    }

    /** Only a mute and a ban last for a while (or for good without a duration). */
    public boolean timed() {
        return this == MUTE || this == BAN;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The wire names, in declaration order (the order the contract lists them in). */
    public static java.util.List<String> wires() {
        return Stream.of(values()).map(ModerationKind::wire).toList();
    }

    public static ModerationKind fromWire(String wire) {
        for (ModerationKind kind : values()) {
            if (kind.wire().equals(wire)) {
                return kind;
            }
        }
        throw new Refusal(ErrorCode.INVALID_PAYLOAD, "action must be one of " + String.join(", ", wires()));
    }
}
