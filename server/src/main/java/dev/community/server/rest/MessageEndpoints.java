package dev.community.server.rest;

import dev.community.server.actions.LiveChanges;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.MessageActions;
import dev.community.server.actions.MessageOutcome;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.MessageValidator;
import dev.community.protocol.Texts;
import dev.community.server.ServerContext;
import dev.community.server.WireViews;
import dev.community.server.permission.Permissions;
import dev.community.server.actions.Refusal;
import dev.community.storage.Page;
import dev.community.storage.ReactionRefusedException;
import dev.community.storage.ReactionRepository.ReactionChange;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A room's messages: the history, posting (the very send path of the WebSocket), editing, deleting, reactions
 * and reports. A message id is only ever looked up within the room of the path, so a message of room A under
 * room B is a 404. Hidden content reads "" below moderator; authors the caller blocks are left out.
 */
final class MessageEndpoints {
    static final int EMOJI_MAX = 32;
    static final int REASON_MAX = 1000;

    private final ServerContext app;
    private final RoomAccess access;
    private final LiveChanges live;
    private final MessageActions messages;

    MessageEndpoints(ServerContext app, RoomAccess access, MessageActions messages) {
        this.app = app;
        this.access = access;
        this.live = app.actions().live();
        this.messages = messages;
    }

    void register(RestApi api) {
        String messages = "/community/rooms/{room_id}/messages/";
        String message = messages + "{message_id}/";
        api.route(HttpMethod.GET, messages, this::list);
        api.route(HttpMethod.POST, messages, this::post);
        api.route(HttpMethod.PATCH, message, this::edit);
        api.route(HttpMethod.DELETE, message, this::delete);
        api.route(HttpMethod.POST, message + "react/", this::react);
        api.route(HttpMethod.DELETE, message + "react/", this::unreact);
        api.route(HttpMethod.POST, message + "report/", this::report);
    }

    /** Newest first; the cursor stands for a seq, so pages neither skip nor repeat while messages arrive. */
    private CompletableFuture<RestResponse> list(RestRequest request) {
        var roomId = request.uuid("room_id");
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            Page<Message> page = app.storage().messages().page(roomId, cursor, limit);
            Set<String> blocked = app.storage().blocks().blockedIdsOf(request.principal().userId());
            return RestResponse.ok(new Page<>(WireViews.messages(page.results(), loaded.moderator(), blocked),
                    page.nextCursor()));
        });
    }

    /** The send_message rules exactly ({@link MessageActions#post}): 201, or 200 with the stored one for a resent client_id. */
    private CompletableFuture<RestResponse> post(RestRequest request) {
        ClientFrame.SendMessage frame = MessageValidator.sendMessageFrom(app.codec().readTree(request.body()));
        return messages.post(request.principal(), request.uuid("room_id"), frame)
                .thenApply(sent -> new RestResponse(sent.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
                        shown(sent)));
    }

    /** {content}: the author's edit ({@link MessageActions#edit}); the room gets message_updated. */
    private CompletableFuture<RestResponse> edit(RestRequest request) {
        JsonBody body = JsonBody.parse(app.codec(), request.body());
        String content = MessageValidator.validateContent(body.requiredString("content", Integer.MAX_VALUE), false);
        return messages.edit(request.principal(), request.uuid("room_id"), request.uuid("message_id"), content)
                .thenApply(edited -> RestResponse.ok(shown(edited)));
    }

    /** The author's or an outranking moderator's delete ({@link MessageActions#delete}): 204, also when deleted before. */
    private CompletableFuture<RestResponse> delete(RestRequest request) {
        return messages.delete(request.principal(), request.uuid("room_id"), request.uuid("message_id"))
                .thenApply(done -> RestResponse.noContent());
    }

    private static Message shown(MessageOutcome outcome) {
        return WireViews.message(outcome.message(), outcome.seesHidden());
    }

    /**
     * Reacting is taking part: the caller joins a public room as when posting, and a mute or ban stops it
     * (as it stops posting). Once per user and emoji: a repeat answers the same counts and changes nothing.
     * Not to a message of someone who blocks me, nor in a 1:1 DM closed by a block (403 blocked); not to a hidden
     * message (403); at most {@code limits.max_distinct_reactions} emoji on one message (400); within my
     * reactions budget (429).
     */
    private CompletableFuture<RestResponse> react(RestRequest request) {
        var roomId = request.uuid("room_id");
        var messageId = request.uuid("message_id");
        String emoji = emoji(JsonBody.parse(app.codec(), request.body()).requiredString("emoji", EMOJI_MAX));
        String me = request.principal().userId();
        long retryAfter = app.budgets().takeReaction(me);
        if (retryAfter > 0) {
            throw new Refusal(ErrorCode.RATE_LIMITED, "too many reactions; slow down", retryAfter);
        }
        return app.blocking().supply(() -> {
            var loaded = access.loadAsMember(request.principal(), roomId);
            Permissions.canPost(loaded.room(), loaded.requireMember(), request.principal(), loaded.now())
                    .ifPresent(code -> {
                        throw new Refusal(code, "you may not react in this room now");
                    });
            Message message = access.message(loaded, messageId);
            if (loaded.isDm() && app.storage().directMessages().isBlockedDirect(roomId)) {
                throw new Refusal(ErrorCode.BLOCKED, "this conversation is closed while one of you blocks the other");
            }
            if (app.storage().blocks().find(message.author().id(), me).isPresent()) {
                throw new Refusal(ErrorCode.BLOCKED, "you cannot react to a message of someone who blocks you");
            }
            ReactionChange change;
            try {
                change = app.storage().reactions().add(roomId, messageId, me, emoji,
                                app.budgets().limits().maxDistinctReactions())
                        .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such message in this room"));
            } catch (ReactionRefusedException refused) {
                throw refused.reason() == ReactionRefusedException.Reason.HIDDEN
                        ? new Refusal(ErrorCode.FORBIDDEN, refused.getMessage())
                        : new Refusal(ErrorCode.INVALID_PAYLOAD, refused.getMessage());
            }
            if (change.changed()) {
                live.reactionsUpdated(roomId, messageId, change.reactionCounts());
            }
            return RestResponse.ok(new Views.Reactions(change.reactionCounts()));
        });
    }

    /** Removes my reaction {@code ?emoji=}; removing one I never gave changes nothing. */
    private CompletableFuture<RestResponse> unreact(RestRequest request) {
        var roomId = request.uuid("room_id");
        var messageId = request.uuid("message_id");
        String given = request.query("emoji");
        if (given == null) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "emoji: the query parameter is required");
        }
        String emoji = emoji(given);
        return app.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            ReactionChange change = app.storage().reactions().remove(roomId, messageId, request.principal().userId(),
                            emoji)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such message in this room"));
            if (change.changed()) {
                live.reactionsUpdated(roomId, messageId, change.reactionCounts());
            }
            return RestResponse.ok(new Views.Reactions(change.reactionCounts()));
        });
    }

    /**
     * Once per user and message (409 the second time); not one's own message. The third distinct report flags the
     * message and queues it for review (audited with source community), in the report's own transaction.
     */
    private CompletableFuture<RestResponse> report(RestRequest request) {
        var roomId = request.uuid("room_id");
        var messageId = request.uuid("message_id");
        String given = JsonBody.parse(app.codec(), request.body()).optionalString("reason", REASON_MAX);
        String reason = given == null ? "" : given.strip();
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            Message message = access.message(loaded, messageId);
            if (Permissions.isMessageAuthor(message, request.principal())) {
                throw new Refusal(ErrorCode.FORBIDDEN, "you cannot report your own message");
            }
            app.storage().reports().report(roomId, messageId, request.principal().userId(), reason)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such message in this room"));
            return RestResponse.created(new Views.Report(messageId, reason, loaded.now()));
        });
    }

    /** An emoji: 1–32 characters, no whitespace (the key of reaction_counts). */
    private static String emoji(String value) {
        if (value.isEmpty() || Texts.isBlank(value) || value.codePoints().anyMatch(Character::isWhitespace)
                || Texts.codePointLength(value) > EMOJI_MAX || !Texts.isStorable(value)) {
            throw JsonBody.invalid("emoji", "must be 1-" + EMOJI_MAX + " characters without spaces");
        }
        return value;
    }
}
