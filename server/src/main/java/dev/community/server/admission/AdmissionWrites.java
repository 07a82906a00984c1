package dev.community.server.admission;

import dev.community.protocol.Role;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository;
import dev.community.storage.MembershipRepository.Join;
import dev.community.storage.UserRecord;
import dev.community.storage.UserRepository;
import dev.community.storage.UserRepository.Sighting;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * The writes a connect cannot skip — a user's claims when new or changed, a first join — made in groups: every such
 * write that arrives while one is running goes into the next transaction ({@link GroupedCalls}), so a reconnect
 * storm of newcomers costs one transaction per group, not one per connection. Rows are written in one order (user
 * id; room then user for joins) so two groups never deadlock. Metrics: {@code community.admission.groups{work=users|
 * joins}} (transactions) and {@code community.admission.group.size{work}}.
 */
public final class AdmissionWrites {
    /** Writes in one transaction, and such transactions at once (leaving the blocking pool to other work). */
    static final int MAX_GROUP = 500;
    static final int GROUPS_IN_FLIGHT = 2;

    private final GroupedCalls<Sighting, UserRecord> users;
    private final GroupedCalls<Join, Membership> joins;

    public AdmissionWrites(UserRepository userRows, MembershipRepository memberships, Blocking blocking,
                           MeterRegistry meters) {
        this.users = new GroupedCalls<>("users", blocking, MAX_GROUP, GROUPS_IN_FLIGHT, sightings -> {
            List<Sighting> ordered = sightings.stream().sorted(Comparator.comparing(Sighting::id)).toList();
            Map<Sighting, UserRecord> written = new HashMap<>();
            List<UserRecord> rows = userRows.upsertSeenAll(ordered);
            for (int i = 0; i < ordered.size(); i++) {
                written.put(ordered.get(i), rows.get(i));
            }
            return written;
        }, meters);
        this.joins = new GroupedCalls<>("joins", blocking, MAX_GROUP, GROUPS_IN_FLIGHT, asked -> {
            // joinAll locks in (room, user) order itself
            Map<Join, Membership> joined = new HashMap<>();
            List<Membership> rows = memberships.joinAll(asked);
            for (int i = 0; i < asked.size(); i++) {
                joined.put(asked.get(i), rows.get(i));
            }
            return joined;
        }, meters);
    }

    /** Writes the user's claims (grouped); completes on a blocking thread. */
    public CompletableFuture<UserRecord> seen(Principal principal) {
        return users.call(new Sighting(principal.userId(), principal.username(), principal.joinedAt(),
                principal.trustLevel(), principal.staff()));
    }

    /** Makes the user a member (grouped; an existing membership comes back unchanged); completes on a blocking thread. */
    public CompletableFuture<Membership> join(UUID roomId, String userId) {
        return joins.call(new Join(roomId, userId, Role.MEMBER));
    }
}
