package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.User;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.ModerationAction;
import dev.community.storage.ModerationQueueItem;
import dev.community.storage.NewModerationAction;
import dev.community.storage.Page;
import dev.community.storage.Storage;
import dev.community.storage.ThreadRecord;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Moderation of a room by its moderators, admins, owner or platform staff: warn, mute, unmute, ban and unban a
 * user, hide, unhide and delete a message (carried out by {@link MessageActions#moderate}), lock and unlock a
 * thread; the room's audit trail and the review queue. For actions aimed at a user or their message nobody acts
 * on an equal or higher role, nobody on the owner. Every action is recorded with source {@code admin} (a person
 * did it); a change to a membership reaches the room (member_updated) and the user's sessions on every node.
 */
public final class ModerationActions {
    private final RoomAccess access;
    private final MessageActions messages;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;

    public ModerationActions(RoomAccess access, MessageActions messages, Storage storage, Blocking blocking,
                             LiveChanges live) {
        this.access = access;
        this.messages = messages;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
    }

    /** Carries out {@code asked} in the room; its target is looked up within this room only. @return the audit entry */
    public CompletableFuture<ModerationAction> act(Principal principal, UUID roomId, ModerationRequest asked) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            if (!loaded.moderator()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "only the room's moderators may moderate it");
            }
            return switch (asked.kind().target()) {
                case USER -> onUser(loaded, asked);
                case MESSAGE -> {
                    Message message = messages.moderate(loaded, asked.messageId(), asked.kind());
                    yield record(loaded, asked, message.author().id(), message.id(), null);
                }
                case THREAD -> onThread(loaded, asked);
            };
        });
    }

    private ModerationAction onUser(RoomAccess.Loaded loaded, ModerationRequest asked) {
        UUID roomId = loaded.room().id();
        Instant now = loaded.now();
        String targetId = asked.targetUserId();
        Optional<Membership> target = storage.memberships().find(roomId, targetId);
        Role targetRole = Permissions.roleNow(target, now);
        Permissions.canModerate(loaded.membership(), loaded.principal(), targetRole, now).ifPresent(code -> {
            throw Refusal.outranked(code, "a user");
        });
        var memberships = storage.memberships();
        User user = storage.users().find(targetId).map(u -> u.toWire()).orElse(new User(targetId, targetId));
        Instant until = asked.duration() == null ? null : now.plus(asked.duration());
        switch (asked.kind()) {
            case MUTE -> {
                if (target.isPresent() && target.get().isBanned(now)) {
                    throw new Refusal(ErrorCode.CONFLICT, "the user is banned; a mute would lift the ban");
                }
                live.memberUpdated(roomId, user, Role.MUTED, until, memberships.restrict(roomId, targetId, Role.MUTED,
                        until));
            }
            case BAN -> live.memberUpdated(roomId, user, Role.BANNED, until,
                    memberships.restrict(roomId, targetId, Role.BANNED, until));
            case UNMUTE -> {
                if (targetRole != Role.MUTED) {
                    throw new Refusal(ErrorCode.CONFLICT, "the user is not muted");
                }
                Membership unmuted = memberships.setRole(roomId, targetId, Role.MEMBER)
                        .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "the user is not a member"));
                live.memberUpdated(roomId, user, Role.MEMBER, null, unmuted);
            }
            case UNBAN -> {
                if (targetRole != Role.BANNED) {
                    throw new Refusal(ErrorCode.CONFLICT, "the user is not banned");
                }
                Membership unbanned = memberships.setRole(roomId, targetId, Role.MEMBER)
                        .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "the user is not banned"));
                // no member any more until they join again: announced with role null
                live.memberUpdated(roomId, user, null, null, unbanned);
            }
            default -> {
                // warn: the audit entry is the whole effect
            }
        }
        return record(loaded, asked, targetId, null, null);
    }

    /** Locking a thread of this room; threads belong to the room, so no role rule applies beyond moderator. */
    private ModerationAction onThread(RoomAccess.Loaded loaded, ModerationRequest asked) {
        ThreadRecord thread = storage.threads().find(asked.threadId())
                .filter(t -> t.roomId().equals(loaded.room().id()))
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such thread in this room"));
        storage.threads().setLocked(thread.id(), asked.kind() == ModerationKind.LOCK);
        return record(loaded, asked, null, null, thread.id());
    }

    private ModerationAction record(RoomAccess.Loaded loaded, ModerationRequest asked, String targetUserId,
                                    UUID messageId, UUID threadId) {
        return storage.moderation().record(new NewModerationAction(loaded.room().id(), asked.kind().wire(),
                ModerationKind.SOURCE, loaded.principal().userId(), targetUserId, messageId, threadId, asked.reason(),
                asked.duration()));
    }

    /** The room's audit trail, newest first; moderators only. */
    public CompletableFuture<Page<ModerationAction>> trail(Principal principal, UUID roomId, String cursor, int limit) {
        return blocking.supply(() -> {
            if (!access.load(principal, roomId).moderator()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "only the room's moderators may read its audit trail");
            }
            return storage.moderation().listForRoom(roomId, cursor, limit);
        });
    }

    /** Flagged items of the rooms I moderate (every room's for staff), newest first; {@code status} null for all. */
    public CompletableFuture<Page<ModerationQueueItem>> queue(Principal me, String status, String cursor, int limit) {
        return blocking.supply(() -> storage.moderation().queue(me.userId(), me.staff(), status, cursor, limit));
    }

    /** Sets a queue item's status: an item I may not review reads as not found, like one that does not exist. */
    public CompletableFuture<ModerationQueueItem> review(Principal me, UUID itemId, String status) {
        return blocking.supply(() -> {
            Refusal missing = new Refusal(ErrorCode.NOT_FOUND, "no such item in your review queue");
            ModerationQueueItem item = storage.moderation().findQueueItem(itemId).orElseThrow(() -> missing);
            var membership = storage.memberships().find(item.roomId(), me.userId());
            if (!Permissions.isModerator(membership, me, access.now())) {
                throw missing;
            }
            return storage.moderation().review(itemId, status, me.userId()).orElseThrow(() -> missing);
        });
    }
}
