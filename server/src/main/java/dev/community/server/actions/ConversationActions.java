package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.User;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.budget.Budgets;
import dev.community.storage.BlockRepository;
import dev.community.storage.DirectMessageRepository;
import dev.community.storage.Storage;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Who talks with whom: opening DM threads and the block list. A block holds everywhere: no DM (1:1 or group) with
 * someone who blocks me or whom I block, a 1:1 DM closes to both sides, and the blocker's sockets on every node stop
 * delivering the blocked user's events ({@link LiveChanges#blockChanged}).
 */
public final class ConversationActions {
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;
    private final Budgets budgets;
    private final Clock clock;

    public ConversationActions(Storage storage, Blocking blocking, LiveChanges live, Budgets budgets, Clock clock) {
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
        this.budgets = budgets;
        this.clock = clock;
    }

    /**
     * A DM with {@code others} (not me, distinct, at least one). One other: the pair's 1:1 thread, opened or found.
     * More: a new group thread I own, of at most {@code limits.group_dm_max_participants} people (me included),
     * within my group-DM budget. Every other must be someone the server has seen (a user row): else
     * {@code not_found}, before any block is looked at.
     */
    public CompletableFuture<DirectMessageRepository.Opened> openDm(Principal me, List<String> others) {
        int maxPeople = budgets.limits().groupDmMaxParticipants();
        if (others.size() + 1 > maxPeople) {
            return CompletableFuture.failedFuture(new Refusal(ErrorCode.INVALID_PAYLOAD,
                    "participant_ids: a group DM holds at most " + maxPeople + " people, you included"));
        }
        if (others.size() > 1) {
            long retryAfter = budgets.takeGroupDm(me.userId());
            if (retryAfter > 0) {
                return CompletableFuture.failedFuture(new Refusal(ErrorCode.RATE_LIMITED,
                        "too many new group DMs; try again later", retryAfter));
            }
        }
        return blocking.supply(() -> {
            for (String other : others) {
                // a DM with an id no one has ever signed in as would wait for a person who may not exist
                if (storage.users().find(other).isEmpty()) {
                    throw new Refusal(ErrorCode.NOT_FOUND, "participant_ids: no such user: " + other);
                }
            }
            for (String other : others) {
                if (storage.blocks().isBlockedEitherWay(me.userId(), other)) {
                    throw new Refusal(ErrorCode.BLOCKED, others.size() > 1
                            ? "no group conversation with someone who blocks you or whom you block"
                            : "no conversation while one of you blocks the other");
                }
            }
            storage.users().upsertSeen(me.userId(), me.username(), me.joinedAt(), me.trustLevel(), me.staff());
            DirectMessageRepository.Opened opened = others.size() > 1
                    ? new DirectMessageRepository.Opened(storage.directMessages().createGroup(me.userId(), others), true)
                    : storage.directMessages().openDirect(me.userId(), others.get(0));
            if (opened.created()) {
                // every participant's streams hear of the new thread
                java.util.UUID threadId = opened.thread().room().id();
                for (var participant : opened.thread().participants()) {
                    storage.memberships().find(threadId, participant.id())
                            .ifPresent(membership -> live.membershipBegan(threadId, participant.id(), membership));
                }
            }
            return opened;
        });
    }

    /** I block {@code target} (not myself). @return the block, and whether it is new */
    public CompletableFuture<Blocked> block(String me, String target) {
        return blocking.supply(() -> {
            boolean created = storage.blocks().block(me, target);
            live.blockChanged(me, target, true);
            // lifted again by a concurrent unblock: answer the block as it was made
            var block = storage.blocks().find(me, target).orElseGet(() -> new BlockRepository.BlockedUser(
                    new User(target, target), clock.instant()));
            return new Blocked(block, created);
        });
    }

    /** Lifts my block of {@code target}, whether or not there was one. */
    public CompletableFuture<Void> unblock(String me, String target) {
        return blocking.supply(() -> {
            if (storage.blocks().unblock(me, target)) {
                live.blockChanged(me, target, false);
            }
            return null;
        });
    }

    /** A block as stored, and whether this call made it. */
    public record Blocked(BlockRepository.BlockedUser block, boolean created) {
    }
}
