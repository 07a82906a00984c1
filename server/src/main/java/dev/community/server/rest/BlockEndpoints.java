package dev.community.server.rest;

import dev.community.protocol.JsonCodec;
import dev.community.server.StorageReads;
import dev.community.server.actions.ConversationActions;
import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.UserIds;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;

/**
 * My block list. Blocking someone hides their room messages from me from then on (my open sockets too), and
 * closes any 1:1 DM between us to both sides ({@code blocked}).
 */
final class BlockEndpoints {
    private final JsonCodec codec;
    private final StorageReads store;
    private final ConversationActions conversations;

    BlockEndpoints(JsonCodec codec, StorageReads store, ConversationActions conversations) {
        this.codec = codec;
        this.store = store;
        this.conversations = conversations;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/block/", this::list);
        api.route(HttpMethod.POST, "/community/block/", this::block);
        api.route(HttpMethod.DELETE, "/community/block/", this::unblock);
    }

    /** {user, created_at} by user id. */
    private CompletableFuture<RestResponse> list(RestRequest request) {
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return store.blocking().supply(() ->
                RestResponse.ok(store.storage().blocks().blocked(request.principal().userId(), cursor, limit)));
    }

    /** {user_id} → 201 {user, created_at}; 200 with the existing block when there was one. */
    private CompletableFuture<RestResponse> block(RestRequest request) {
        String me = request.principal().userId();
        String target = JsonBody.parse(codec, request.body()).requiredUserId("user_id");
        if (target.equals(me)) {
            throw JsonBody.invalid("user_id", "you cannot block yourself");
        }
        return conversations.block(me, target).thenApply(blocked -> new RestResponse(
                blocked.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, blocked.block()));
    }

    /** {@code ?user_id=U} → 204, whether or not there was a block. */
    private CompletableFuture<RestResponse> unblock(RestRequest request) {
        String target = request.query("user_id");
        if (target == null || !UserIds.isValid(target)) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "user_id: the query parameter must be a user id");
        }
        return conversations.unblock(request.principal().userId(), target)
                .thenApply(done -> RestResponse.noContent());
    }
}
