package dev.community.server.ws;

import dev.community.storage.Membership;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A user stream being admitted: registered with the {@link ConnectionDirectory} before admission reads the user's
 * rooms, and until the stream is registered in its place. Every membership change of the user that lands meanwhile
 * (in any room: a ban, a removal, a new membership) is recorded here, in order, and applied to the stream as it
 * starts, so no change slips between the read and the registration — as {@link Admission} does for one room.
 * Guarded by the directory's lock for its user.
 */
final class StreamAdmission {
    private final String userId;
    private final List<Change> changes = new ArrayList<>(0);

    StreamAdmission(String userId) {
        this.userId = userId;
    }

    String userId() {
        return userId;
    }

    void record(UUID roomId, Membership updated) {
        changes.add(new Change(roomId, updated));
    }

    List<Change> changes() {
        return List.copyOf(changes);
    }

    /** The user's membership of {@code roomId} became {@code updated} (null: no longer a member). */
    record Change(UUID roomId, Membership updated) {
    }
}
