package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Who sees a room: listed for everyone, unlisted (reachable by id or link), or private (members only). */
public enum Visibility {
    PUBLIC, PRIVATE, UNLISTED;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name that is no visibility */
    @JsonCreator
    public static Visibility fromWire(String name) {
        for (Visibility visibility : values()) {
            if (visibility.wire.equals(name)) {
                return visibility;
            }
        }
        throw new IllegalArgumentException("no visibility named '" + name + "'");
    }

    /** Private rooms are entered only by those made members: membership is granted, never taken. */
    public boolean membersOnly() {
        return this == PRIVATE;
    }

    @Override
    public String toString() {
        return wire;
    }
}
