package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a room is: a public forum, a circle (a room someone created), or a direct-message thread. */
public enum RoomType {
    FORUM, CIRCLE, DM;

    private final String wire = name().toLowerCase(Locale.ROOT);

    @JsonValue
    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name that is no room type */
    @JsonCreator
    public static RoomType fromWire(String name) {
        for (RoomType type : values()) {
            if (type.wire.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("no room type named '" + name + "'");
    }

    /** A DM thread: its participants are fixed when it is made, nobody else may open it. */
    public boolean isDirect() {
        return this == DM;
    }

    @Override
    public String toString() {
        return wire;
    }
}
