package dev.community.server.rest;

import dev.community.server.actions.ModerationKind;
import dev.community.server.actions.ModerationActions;
import dev.community.server.actions.ModerationRequest;
import dev.community.protocol.JsonCodec;
import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Moderation over REST: actions in a room, the room's audit trail, and the review queue. The rules and the
 * audit entries are {@link ModerationActions}'s; this parses the request and renders the result.
 */
final class ModerationEndpoints {
    static final List<String> ACTIONS = ModerationKind.wires();
    static final List<String> STATUSES = List.of("pending", "reviewed", "dismissed", "actioned");
    /** Temporary mutes and bans of up to ten years; without duration_seconds they are permanent. */
    static final long DURATION_MAX_SECONDS = 10L * 365 * 24 * 3600;

    private final JsonCodec codec;
    private final ModerationActions moderation;

    ModerationEndpoints(JsonCodec codec, ModerationActions moderation) {
        this.codec = codec;
        this.moderation = moderation;
    }

    void register(RestApi api) {
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/moderation/", this::act);
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/moderation/", this::trail);
        api.route(HttpMethod.GET, "/community/moderation/queue/", this::queue);
        api.route(HttpMethod.PATCH, "/community/moderation/queue/{item_id}/", this::review);
    }

    /**
     * {action, target_user_id?, message_id?, thread_id?, reason, duration_seconds?} → 201 ModerationAction.
     * warn/mute/unmute/ban/unban need target_user_id; hide/unhide/delete message_id; lock/unlock thread_id
     * ({@link ModerationActions#act}).
     */
    private CompletableFuture<RestResponse> act(RestRequest request) {
        JsonBody body = JsonBody.parse(codec, request.body());
        ModerationKind kind = ModerationKind.fromWire(body.requiredChoice("action", ACTIONS));
        String reason = body.optionalString("reason", MessageEndpoints.REASON_MAX);
        Long seconds = body.optionalLong("duration_seconds", 1, DURATION_MAX_SECONDS);
        ModerationRequest asked = new ModerationRequest(kind, body.optionalUserId("target_user_id"),
                body.optionalUuid("message_id"), body.optionalUuid("thread_id"), reason == null ? "" : reason.strip(),
                kind.timed() && seconds != null ? Duration.ofSeconds(seconds) : null);
        switch (kind.target()) {
            case USER -> require(asked.targetUserId() != null, "target_user_id");
            case MESSAGE -> require(asked.messageId() != null, "message_id");
            case THREAD -> require(asked.threadId() != null, "thread_id");
        }
        return moderation.act(request.principal(), request.uuid("room_id"), asked).thenApply(RestResponse::created);
    }

    /** The room's audit trail, newest first; moderators only. */
    private CompletableFuture<RestResponse> trail(RestRequest request) {
        return moderation.trail(request.principal(), request.uuid("room_id"), request.query("cursor"),
                request.limit(50)).thenApply(RestResponse::ok);
    }

    /** Flagged items of the rooms I moderate (every room's for staff), newest first; {@code ?status=} filters. */
    private CompletableFuture<RestResponse> queue(RestRequest request) {
        int limit = request.limit(50);
        String status = request.query("status");
        if (status != null && !STATUSES.contains(status)) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "status must be one of " + String.join(", ", STATUSES));
        }
        return moderation.queue(request.principal(), status, request.query("cursor"), limit)
                .thenApply(RestResponse::ok);
    }

    /** {status}: an item I may not review reads as not found, like one that does not exist. */
    private CompletableFuture<RestResponse> review(RestRequest request) {
        var itemId = request.uuid("item_id");
        String status = JsonBody.parse(codec, request.body()).requiredChoice("status", STATUSES);
        return moderation.review(request.principal(), itemId, status).thenApply(RestResponse::ok);
    }

    private static void require(boolean present, String field) {
        if (!present) {
            throw JsonBody.invalid(field, "is required for this action");
        }
    }
}
