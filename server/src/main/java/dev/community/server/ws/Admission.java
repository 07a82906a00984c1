package dev.community.server.ws;

import dev.community.storage.Membership;
import java.util.UUID;

/**
 * A connection being admitted to a room: registered with the {@link ConnectionDirectory} before the admission
 * reads the membership, and until the session is registered in its place. A membership change for this user and
 * room that lands meanwhile (a ban, a mute, a removal, on this node or relayed from another) is recorded here
 * and applied to the new session as it starts, so no change can slip between the read and the registration.
 * Guarded by the directory's lock for its user.
 */
public final class Admission {
    private final String userId;
    private final UUID roomId;
    private boolean changed;
    private Membership latest;

    Admission(String userId, UUID roomId) {
        this.userId = userId;
        this.roomId = roomId;
    }

    public String userId() {
        return userId;
    }

    public UUID roomId() {
        return roomId;
    }

    /** Records the newest change ({@code updated} null: no longer a member). */
    void record(Membership updated) {
        changed = true;
        latest = updated;
    }

    /** A change recorded during the admission, to apply to the new session. */
    public sealed interface Change permits Unchanged, Updated {
    }

    /** Nothing changed while the connection was being admitted. */
    public record Unchanged() implements Change {
    }

    /** The membership changed to {@code membership} (null: removed from the room). */
    public record Updated(Membership membership) implements Change {
    }

    Change outcome() {
        return changed ? new Updated(latest) : new Unchanged();
    }
}
