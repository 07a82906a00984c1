package dev.community.server.actions;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.moderation.ContentModeration;
import dev.community.server.moderation.ContentReview;
import dev.community.server.moderation.ModerationVerdict;
import dev.community.server.permission.Permissions;
import dev.community.server.send.MessageService;
import dev.community.storage.Membership;
import dev.community.storage.NewModerationAction;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import dev.community.storage.WriteOutcome;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A room's messages: sending (the socket's send_message and REST's POST alike), editing, deleting, and a
 * moderator's hide, unhide and delete. Who may do each is decided here, once, by {@link Permissions}; the stored
 * change reaches the room through {@link LiveChanges}. A message id is only ever looked up within the room
 * ({@link RoomAccess#message}), so a message of room A under room B is a 404.
 */
public final class MessageActions {
    private final RoomAccess access;
    private final MessageService sending;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;

    public MessageActions(RoomAccess access, MessageService sending, Storage storage, Blocking blocking,
                          LiveChanges live) {
        this.access = access;
        this.sending = sending;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
    }

    /**
     * A socket's send_message: the session holds the room and its membership (kept current by session control),
     * so nothing is loaded. Fan-out follows the commit through the room bus ({@link MessageService}).
     *
     * @return the commit's outcome; fails with {@link Refusal} or a storage failure (nothing stored, retry)
     */
    public CompletableFuture<WriteOutcome> send(Principal principal, RoomRecord room, Membership membership,
                                                ClientFrame.SendMessage frame) {
        return sending.send(principal, room, membership, frame);
    }

    /** POST messages: the send_message rules exactly, after joining a public room as connecting does. */
    public CompletableFuture<MessageOutcome> post(Principal principal, UUID roomId, ClientFrame.SendMessage frame) {
        return blocking.supply(() -> access.loadAsMember(principal, roomId))
                .thenCompose(loaded -> sending.send(principal, loaded.room(), loaded.membership().orElseThrow(), frame)
                        .thenApply(outcome -> new MessageOutcome(outcome.message(), loaded.moderator(),
                                outcome.duplicate())));
    }

    /**
     * The author, while they may post in the room: {@code content} replaces the text and sets edited_at; the new
     * text passes content moderation like a new message. The room gets message_updated.
     */
    public CompletableFuture<MessageOutcome> edit(Principal principal, UUID roomId, UUID messageId, String content) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            Message message = access.message(loaded, messageId);
            if (message.isDeleted()) {
                throw new Refusal(ErrorCode.NOT_FOUND, "the message was deleted");
            }
            Permissions.canEdit(loaded.room(), loaded.requireMember(), message, principal, loaded.now())
                    .ifPresent(code -> {
                        throw new Refusal(code, code == ErrorCode.FORBIDDEN ? "only the author may edit a message"
                                : "you may not post in this room now");
                    });
            return loaded;
        }).thenCompose(loaded -> {
            ContentReview review = new ContentReview(roomId, loaded.room().roomType(), principal.user(), content, true);
            return moderation().review(review)
                    .thenCompose(verdict -> blocking.supply(() -> applyEdit(loaded, messageId, review, verdict)));
        });
    }

    private MessageOutcome applyEdit(RoomAccess.Loaded loaded, UUID messageId, ContentReview review,
                                     ModerationVerdict verdict) {
        if (verdict.decision() == ModerationVerdict.Decision.REJECT) {
            Refusal refusal = moderation().rejected(review, verdict);
            moderation().auditRejection(review, messageId, verdict);
            throw refusal;
        }
        Message edited = storage.messageEdits().edit(loaded.room().id(), messageId, review.content())
                .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "the message was deleted"));
        edited = moderation().applyStored(edited, verdict);
        live.messageUpdated(edited);
        moderation().afterStored(edited, review);
        return new MessageOutcome(edited, loaded.moderator(), false);
    }

    /**
     * The author, or a moderator who outranks the author: the message becomes a tombstone and the room gets
     * message_deleted. A moderator's delete is audited (source admin). Deleting a tombstone changes nothing.
     */
    public CompletableFuture<Void> delete(Principal principal, UUID roomId, UUID messageId) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            Message message = access.message(loaded, messageId);
            Permissions.canDelete(loaded.membership(), principal, message, authorRole(loaded, message), loaded.now())
                    .ifPresent(code -> {
                        throw new Refusal(code, "only the author or a moderator above them may delete it");
                    });
            if (message.isDeleted()) {
                return null;
            }
            tombstone(loaded, message);
            if (!Permissions.isMessageAuthor(message, principal)) {
                audit(loaded, ModerationKind.DELETE, message, "");
            }
            return null;
        });
    }

    /**
     * A moderator's hide, unhide or delete through the moderation endpoint, for a caller {@link ModerationActions}
     * has found to be a moderator of the loaded room: the moderator must outrank the author; a deleted message
     * can be neither hidden nor shown again (409), and deleting it again changes nothing. Runs on the blocking
     * executor; the caller records the audit entry with its reason.
     *
     * @return the message as it was before
     */
    Message moderate(RoomAccess.Loaded loaded, UUID messageId, ModerationKind kind) {
        Message message = access.message(loaded, messageId);
        Permissions.canModerate(loaded.membership(), loaded.principal(), authorRole(loaded, message), loaded.now())
                .ifPresent(code -> {
                    throw Refusal.outranked(code, "this message's author");
                });
        switch (kind) {
            case HIDE, UNHIDE -> {
                if (message.isDeleted()) {
                    throw new Refusal(ErrorCode.CONFLICT, "the message is deleted");
                }
                live.messageUpdated(storage.messageEdits().setHidden(loaded.room().id(), message.id(),
                        kind == ModerationKind.HIDE).orElseThrow(MessageActions::gone));
            }
            case DELETE -> {
                if (!message.isDeleted()) {
                    tombstone(loaded, message);
                }
            }
            default -> throw new IllegalArgumentException(kind + " is no action on a message");
        }
        return message;
    }

    private void tombstone(RoomAccess.Loaded loaded, Message message) {
        live.messageDeleted(storage.messageEdits().delete(loaded.room().id(), message.id())
                .orElseThrow(MessageActions::gone));
    }

    private void audit(RoomAccess.Loaded loaded, ModerationKind kind, Message message, String reason) {
        storage.moderation().record(new NewModerationAction(loaded.room().id(), kind.wire(), ModerationKind.SOURCE,
                loaded.principal().userId(), message.author().id(), message.id(), null, reason, null));
    }

    /** The author's role in the room now (null when they are no member): whom a moderator must outrank. */
    private Role authorRole(RoomAccess.Loaded loaded, Message message) {
        return Permissions.roleNow(storage.memberships().find(loaded.room().id(), message.author().id()),
                loaded.now());
    }

    private ContentModeration moderation() {
        return sending.moderation();
    }

    private static Refusal gone() {
        return new Refusal(ErrorCode.NOT_FOUND, "no such message in this room");
    }
}
