package dev.community.server.rest;

import dev.community.protocol.JsonCodec;
import dev.community.server.StorageReads;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.MessageActions;
import dev.community.server.actions.MessageOutcome;
import dev.community.server.actions.ReactionActions;
import dev.community.server.actions.ReportActions;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.MessageValidator;
import dev.community.protocol.Texts;
import dev.community.server.WireViews;
import dev.community.server.actions.Refusal;
import dev.community.storage.Page;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
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

    private final JsonCodec codec;
    private final StorageReads store;
    private final RoomAccess access;
    private final MessageActions messages;
    private final ReactionActions reactions;
    private final ReportActions reports;

    MessageEndpoints(JsonCodec codec, StorageReads store, RoomAccess access, MessageActions messages,
                     ReactionActions reactions, ReportActions reports) {
        this.codec = codec;
        this.store = store;
        this.access = access;
        this.messages = messages;
        this.reactions = reactions;
        this.reports = reports;
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
        return store.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            Page<Message> page = store.storage().messages().page(roomId, cursor, limit);
            Set<String> blocked = store.storage().blocks().blockedIdsOf(request.principal().userId());
            List<Message> shown = WireViews.messages(page.results(), loaded.moderator(), blocked);
            return RestResponse.ok(new Page<>(WireViews.withMyReactions(shown, store.storage().reactions(),
                    request.principal().userId()), page.nextCursor()));
        });
    }

    /** The send_message rules exactly ({@link MessageActions#post}): 201, or 200 with the stored one for a resent client_id. */
    private CompletableFuture<RestResponse> post(RestRequest request) {
        ClientFrame.SendMessage frame = MessageValidator.sendMessageFrom(codec.readTree(request.body()));
        return messages.post(request.principal(), request.uuid("room_id"), frame)
                .thenCompose(sent -> mine(request, shown(sent)).thenApply(message -> new RestResponse(
                        sent.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED, message)));
    }

    /** {content}: the author's edit ({@link MessageActions#edit}); the room gets message_updated. */
    private CompletableFuture<RestResponse> edit(RestRequest request) {
        JsonBody body = JsonBody.parse(codec, request.body());
        String content = MessageValidator.validateContent(body.requiredString("content", Integer.MAX_VALUE), false);
        return messages.edit(request.principal(), request.uuid("room_id"), request.uuid("message_id"), content)
                .thenCompose(edited -> mine(request, shown(edited))).thenApply(RestResponse::ok);
    }

    /** The author's or an outranking moderator's delete ({@link MessageActions#delete}): 204, also when deleted before. */
    private CompletableFuture<RestResponse> delete(RestRequest request) {
        return messages.delete(request.principal(), request.uuid("room_id"), request.uuid("message_id"))
                .thenApply(done -> RestResponse.noContent());
    }

    /** The message with the caller's own reactions (a storage read, so on the blocking executor). */
    private CompletableFuture<Message> mine(RestRequest request, Message shown) {
        return store.blocking().supply(() -> WireViews.withMyReactions(shown, store.storage().reactions(),
                request.principal().userId()));
    }

    private static Message shown(MessageOutcome outcome) {
        return WireViews.message(outcome.message(), outcome.seesHidden());
    }

    /** {emoji}: my reaction ({@link ReactionActions#react}) → the message's reaction counts. */
    private CompletableFuture<RestResponse> react(RestRequest request) {
        String emoji = emoji(JsonBody.parse(codec, request.body()).requiredString("emoji", EMOJI_MAX));
        return reactions.react(request.principal(), request.uuid("room_id"),
                request.uuid("message_id"), emoji).thenApply(counts -> RestResponse.ok(new Views.Reactions(counts)));
    }

    /** Removes my reaction {@code ?emoji=} ({@link ReactionActions#unreact}). */
    private CompletableFuture<RestResponse> unreact(RestRequest request) {
        String given = request.query("emoji");
        if (given == null) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "emoji: the query parameter is required");
        }
        return reactions.unreact(request.principal(), request.uuid("room_id"),
                request.uuid("message_id"), emoji(given)).thenApply(counts -> RestResponse.ok(new Views.Reactions(counts)));
    }

    /** {reason?}: a community report ({@link ReportActions#report}) → 201 Report. */
    private CompletableFuture<RestResponse> report(RestRequest request) {
        var messageId = request.uuid("message_id");
        String given = JsonBody.parse(codec, request.body()).optionalString("reason", REASON_MAX);
        String reason = given == null ? "" : given.strip();
        return reports.report(request.principal(), request.uuid("room_id"), messageId, reason)
                .thenApply(at -> RestResponse.created(new Views.Report(messageId, reason, at)));
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
