package dev.community.server.ws;

import dev.community.storage.Storage;
import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import dev.community.storage.SearchRepository.MemberRoom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What the user stream's admission read before the upgrade: who connects, every room and DM they are an active
 * member of (with their read marker, for {@code ready}), and whom they block.
 */
record StreamContext(Principal principal, List<MyRoom> rooms, Set<String> blocked, StreamAdmission admission) {

    /** One of the user's rooms as admission read it. */
    record MyRoom(RoomRecord room, Membership membership, ReadMarker marker) {
    }

    /** Reads the user's rooms, read markers and blocks; runs on the blocking executor. */
    static StreamContext load(Storage storage, Principal principal, StreamAdmission admission) {
        String userId = principal.userId();
        List<MyRoom> rooms = new ArrayList<>();
        for (MemberRoom row : storage.search().memberRooms(userId)) {
            if (!row.membership().isMember()) {
                continue;
            }
            rooms.add(new MyRoom(row.room(), row.membership(), storage.memberships().readMarker(row.room().id(), userId)));
        }
        return new StreamContext(principal, List.copyOf(rooms), Set.copyOf(storage.blocks().blockedIdsOf(userId)),
                admission);
    }

    /** One room for {@code room_added}: read after a membership began; null when it is not an active one. */
    static MyRoom loadRoom(Storage storage, String userId, java.util.UUID roomId, Membership membership) {
        return storage.rooms().findById(roomId)
                .map(room -> new MyRoom(room, membership, storage.memberships().readMarker(roomId, userId)))
                .orElse(null);
    }
}
