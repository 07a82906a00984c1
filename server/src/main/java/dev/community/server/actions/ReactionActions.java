package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.budget.Budgets;
import dev.community.server.permission.Permissions;
import dev.community.storage.ReactionRefusedException;
import dev.community.storage.ReactionRepository.ReactionChange;
import dev.community.storage.Storage;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Reactions to a message. Reacting is taking part: the caller joins a public room as when posting, and a mute
 * or ban stops it (as it stops posting). Once per user and emoji: a repeat answers the same counts and changes
 * nothing; only a change goes out to the room (reactions_updated).
 */
public final class ReactionActions {
    private final RoomAccess access;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;
    private final Budgets budgets;

    public ReactionActions(RoomAccess access, Storage storage, Blocking blocking, LiveChanges live, Budgets budgets) {
        this.access = access;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
        this.budgets = budgets;
    }

    /**
     * Within my reactions budget (429); not to a message of someone who blocks me, nor in a 1:1 DM closed by a
     * block (403 blocked); not to a hidden message (403); at most {@code limits.max_distinct_reactions} emoji on
     * one message (400).
     *
     * @return the message's reaction counts afterwards
     */
    public CompletableFuture<Map<String, Integer>> react(Principal principal, UUID roomId, UUID messageId,
                                                          String emoji) {
        String me = principal.userId();
        long retryAfter = budgets.takeReaction(me);
        if (retryAfter > 0) {
            return CompletableFuture.failedFuture(
                    new Refusal(ErrorCode.RATE_LIMITED, "too many reactions; slow down", retryAfter));
        }
        return blocking.supply(() -> {
            var loaded = access.loadAsMember(principal, roomId);
            Permissions.canPost(loaded.room(), loaded.requireMember(), principal, loaded.now()).ifPresent(code -> {
                throw new Refusal(code, "you may not react in this room now");
            });
            Message message = access.message(loaded, messageId);
            if (loaded.isDm() && storage.directMessages().isBlockedDirect(roomId)) {
                throw new Refusal(ErrorCode.BLOCKED, "this conversation is closed while one of you blocks the other");
            }
            if (storage.blocks().find(message.author().id(), me).isPresent()) {
                throw new Refusal(ErrorCode.BLOCKED, "you cannot react to a message of someone who blocks you");
            }
            ReactionChange change;
            try {
                change = storage.reactions().add(roomId, messageId, me, emoji,
                        budgets.limits().maxDistinctReactions()).orElseThrow(ReactionActions::gone);
            } catch (ReactionRefusedException refused) {
                throw refused.reason() == ReactionRefusedException.Reason.HIDDEN
                        ? new Refusal(ErrorCode.FORBIDDEN, refused.getMessage())
                        : new Refusal(ErrorCode.INVALID_PAYLOAD, refused.getMessage());
            }
            return published(roomId, messageId, change, me, emoji, true);
        });
    }

    /** Removes my reaction; removing one I never gave changes nothing. @return the counts afterwards */
    public CompletableFuture<Map<String, Integer>> unreact(Principal principal, UUID roomId, UUID messageId,
                                                            String emoji) {
        return blocking.supply(() -> {
            access.load(principal, roomId);
            ReactionChange change = storage.reactions().remove(roomId, messageId, principal.userId(), emoji)
                    .orElseThrow(ReactionActions::gone);
            return published(roomId, messageId, change, principal.userId(), emoji, false);
        });
    }

    private Map<String, Integer> published(UUID roomId, UUID messageId, ReactionChange change, String userId,
                                           String emoji, boolean added) {
        if (change.changed()) {
            live.reactionsUpdated(roomId, messageId, change.reactionCounts(), userId, emoji, added);
        }
        return change.reactionCounts();
    }

    private static Refusal gone() {
        return new Refusal(ErrorCode.NOT_FOUND, "no such message in this room");
    }
}
