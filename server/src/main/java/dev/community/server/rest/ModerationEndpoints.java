package dev.community.server.rest;

import dev.community.server.actions.LiveChanges;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.MessageActions;
import dev.community.server.actions.ModerationKind;
import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.User;
import dev.community.server.ServerContext;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.ModerationQueueItem;
import dev.community.storage.NewModerationAction;
import dev.community.storage.ThreadRecord;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Moderation: actions in a room (by its moderators, admins, owner or platform staff; for actions aimed at a user
 * or their message, nobody acts on an equal or higher role, nobody on the owner), the room's audit trail, and the
 * review queue. Every action is recorded as a ModerationAction with source {@code admin} (a person did it);
 * content moderation writes source {@code ai}, community reports {@code community}.
 */
final class ModerationEndpoints {
    static final List<String> ACTIONS = List.of("warn", "mute", "unmute", "ban", "unban", "hide", "unhide", "delete",
            "lock", "unlock");
    static final List<String> STATUSES = List.of("pending", "reviewed", "dismissed", "actioned");
    /** Temporary mutes and bans of up to ten years; without duration_seconds they are permanent. */
    static final long DURATION_MAX_SECONDS = 10L * 365 * 24 * 3600;
    static final String SOURCE = "admin";

    private final ServerContext app;
    private final RoomAccess access;
    private final LiveChanges live;
    private final MessageActions messages;

    ModerationEndpoints(ServerContext app, RoomAccess access, LiveChanges live, MessageActions messages) {
        this.app = app;
        this.access = access;
        this.live = live;
        this.messages = messages;
    }

    void register(RestApi api) {
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/moderation/", this::act);
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/moderation/", this::trail);
        api.route(HttpMethod.GET, "/community/moderation/queue/", this::queue);
        api.route(HttpMethod.PATCH, "/community/moderation/queue/{item_id}/", this::review);
    }

    /** What a moderation request asks for, read and checked before any database work. */
    private record Request(String action, String targetUserId, UUID messageId, UUID threadId, String reason,
                           Duration duration) {
    }

    /**
     * {action, target_user_id?, message_id?, thread_id?, reason, duration_seconds?} → 201 ModerationAction.
     * warn/mute/unmute/ban/unban need target_user_id; hide/unhide/delete message_id; lock/unlock thread_id —
     * each looked up within this room only.
     */
    private CompletableFuture<RestResponse> act(RestRequest request) {
        var roomId = request.uuid("room_id");
        JsonBody body = JsonBody.parse(app.codec(), request.body());
        String action = body.requiredChoice("action", ACTIONS);
        String reason = body.optionalString("reason", MessageEndpoints.REASON_MAX);
        Long seconds = body.optionalLong("duration_seconds", 1, DURATION_MAX_SECONDS);
        boolean timed = action.equals("mute") || action.equals("ban");
        Request asked = new Request(action, body.optionalUserId("target_user_id"), body.optionalUuid("message_id"),
                body.optionalUuid("thread_id"), reason == null ? "" : reason.strip(),
                timed && seconds != null ? Duration.ofSeconds(seconds) : null);
        switch (action) {
            case "warn", "mute", "unmute", "ban", "unban" -> require(asked.targetUserId() != null, "target_user_id");
            case "hide", "unhide", "delete" -> require(asked.messageId() != null, "message_id");
            default -> require(asked.threadId() != null, "thread_id");
        }
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            if (!loaded.moderator()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "only the room's moderators may moderate it");
            }
            return RestResponse.created(switch (action) {
                case "warn", "mute", "unmute", "ban", "unban" -> onUser(loaded, asked);
                case "hide", "unhide", "delete" -> onMessage(loaded, asked);
                default -> onThread(loaded, asked);
            });
        });
    }

    private Object onUser(RoomAccess.Loaded loaded, Request asked) {
        UUID roomId = loaded.room().id();
        Instant now = loaded.now();
        String targetId = asked.targetUserId();
        Optional<Membership> target = app.storage().memberships().find(roomId, targetId);
        Role targetRole = Permissions.roleNow(target, now);
        permit(loaded, targetRole, "a user");
        var memberships = app.storage().memberships();
        User user = app.storage().users().find(targetId).map(u -> u.toWire()).orElse(new User(targetId, targetId));
        switch (asked.action()) {
            case "mute" -> {
                if (target.isPresent() && target.get().isBanned(now)) {
                    throw new Refusal(ErrorCode.CONFLICT, "the user is banned; a mute would lift the ban");
                }
                Instant until = asked.duration() == null ? null : now.plus(asked.duration());
                Membership muted = memberships.restrict(roomId, targetId, Role.MUTED, until);
                live.memberUpdated(roomId, user, Role.MUTED, until, muted);
            }
            case "ban" -> {
                Instant until = asked.duration() == null ? null : now.plus(asked.duration());
                Membership banned = memberships.restrict(roomId, targetId, Role.BANNED, until);
                live.memberUpdated(roomId, user, Role.BANNED, until, banned);
            }
            case "unmute" -> {
                if (targetRole != Role.MUTED) {
                    throw new Refusal(ErrorCode.CONFLICT, "the user is not muted");
                }
                Membership unmuted = memberships.setRole(roomId, targetId, Role.MEMBER)
                        .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "the user is not a member"));
                live.memberUpdated(roomId, user, Role.MEMBER, null, unmuted);
            }
            case "unban" -> {
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

    private Object onMessage(RoomAccess.Loaded loaded, Request asked) {
        Message message = messages.moderate(loaded, asked.messageId(), ModerationKind.fromWire(asked.action()));
        return record(loaded, asked, message.author().id(), message.id(), null);
    }

    /** Locking a thread of this room; threads belong to the room, so no role rule applies beyond moderator. */
    private Object onThread(RoomAccess.Loaded loaded, Request asked) {
        UUID roomId = loaded.room().id();
        ThreadRecord thread = app.storage().threads().find(asked.threadId())
                .filter(t -> t.roomId().equals(roomId))
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such thread in this room"));
        app.storage().threads().setLocked(thread.id(), asked.action().equals("lock"));
        return record(loaded, asked, null, null, thread.id());
    }

    private Object record(RoomAccess.Loaded loaded, Request asked, String targetUserId, UUID messageId, UUID threadId) {
        return app.storage().moderation().record(new NewModerationAction(loaded.room().id(), asked.action(), SOURCE,
                loaded.principal().userId(), targetUserId, messageId, threadId, asked.reason(), asked.duration()));
    }

    private static void permit(RoomAccess.Loaded loaded, Role targetRole, String whom) {
        Permissions.canModerate(loaded.membership(), loaded.principal(), targetRole, loaded.now()).ifPresent(code -> {
            throw Refusal.outranked(code, whom);
        });
    }

    /** The room's audit trail, newest first; moderators only. */
    private CompletableFuture<RestResponse> trail(RestRequest request) {
        var roomId = request.uuid("room_id");
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return app.blocking().supply(() -> {
            if (!access.load(request.principal(), roomId).moderator()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "only the room's moderators may read its audit trail");
            }
            return RestResponse.ok(app.storage().moderation().listForRoom(roomId, cursor, limit));
        });
    }

    /** Flagged items of the rooms I moderate (every room's for staff), newest first; {@code ?status=} filters. */
    private CompletableFuture<RestResponse> queue(RestRequest request) {
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        String status = request.query("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "status must be one of " + String.join(", ", STATUSES));
        }
        Principal me = request.principal();
        return app.blocking().supply(() ->
                RestResponse.ok(app.storage().moderation().queue(me.userId(), me.staff(), status, cursor, limit)));
    }

    /** {status}: an item I may not review reads as not found, like one that does not exist. */
    private CompletableFuture<RestResponse> review(RestRequest request) {
        var itemId = request.uuid("item_id");
        String status = JsonBody.parse(app.codec(), request.body()).requiredChoice("status", STATUSES);
        Principal me = request.principal();
        return app.blocking().supply(() -> {
            Refusal missing = new Refusal(ErrorCode.NOT_FOUND, "no such item in your review queue");
            ModerationQueueItem item = app.storage().moderation().findQueueItem(itemId).orElseThrow(() -> missing);
            var membership = app.storage().memberships().find(item.roomId(), me.userId());
            if (!Permissions.isModerator(membership, me, access.now())) {
                throw missing;
            }
            return RestResponse.ok(app.storage().moderation().review(itemId, status, me.userId())
                    .orElseThrow(() -> missing));
        });
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw JsonBody.invalid(field, "is required for this action");
        }
    }
}
