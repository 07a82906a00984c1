package dev.community.server.ws;

import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;

/**
 * What the gatekeeper established before the upgrade: who connects, to which room, as what member, and from
 * which seq they resume ({@code sinceSeq} null for a fresh connection); {@code admission} records membership
 * changes that land until the session is registered.
 */
public record SessionContext(Principal principal, RoomRecord room, Membership membership, ReadMarker readMarker,
                             Long sinceSeq, Admission admission) {
}
