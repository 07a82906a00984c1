package dev.community.protocol;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Set;

/**
 * A member's role in a room, most powerful first; the rules that depend only on the role live here. Muted and
 * banned are restrictions that replace the role they restrict (see the storage module's {@code Membership} for
 * how they run out). Rules that also depend on who the person is (platform staff) live in the server's
 * {@code Permissions}.
 */
public enum Role {
    OWNER, ADMIN, MODERATOR, TRUSTED, MEMBER, MUTED, BANNED;

    /** The roles an owner or admin may give through the members endpoints (restrictions are moderation actions). */
    public static final Set<Role> ASSIGNABLE = Set.of(ADMIN, MODERATOR, TRUSTED, MEMBER);

    private final String wire = name().toLowerCase(Locale.ROOT);

    /** As written on the wire and in the database: {@code owner}, ..., {@code banned}. */
    @JsonValue
    public String wire() {
        return wire;
    }

    /** @throws IllegalArgumentException for a name that is no role */
    @JsonCreator
    public static Role fromWire(String name) {
        for (Role role : values()) {
            if (role.wire.equals(name)) {
                return role;
            }
        }
        throw new IllegalArgumentException("no role named '" + name + "'");
    }

    /** Owner, admin and moderator: see hidden content, hide, delete, mute, ban, lock threads. */
    public boolean mayModerate() {
        return compareTo(MODERATOR) <= 0;
    }

    /** Owner and admin: change the room's settings and give roles. */
    public boolean mayManage() {
        return compareTo(ADMIN) <= 0;
    }

    /** Trusted and above post without waiting for slow mode. */
    public boolean bypassesSlowMode() {
        return compareTo(TRUSTED) <= 0;
    }

    /** Muted or banned: a restriction in place of a role. */
    public boolean isRestriction() {
        return this == MUTED || this == BANNED;
    }

    /** Strictly more powerful than {@code other}: nobody acts on an equal or higher role. */
    public boolean outranks(Role other) {
        return compareTo(other) < 0;
    }

    @Override
    public String toString() {
        return wire;
    }
}
