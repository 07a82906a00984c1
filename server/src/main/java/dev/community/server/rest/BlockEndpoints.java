package dev.community.server.rest;

import dev.community.server.actions.LiveChanges;
import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.User;
import dev.community.protocol.UserIds;
import dev.community.server.ServerContext;
import dev.community.storage.BlockRepository;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;

/**
 * My block list. Blocking someone hides their room messages from me from then on (my open sockets too), and
 * closes any 1:1 DM between us to both sides ({@code blocked}).
 */
final class BlockEndpoints {
    private final ServerContext app;
    private final LiveChanges live;

    BlockEndpoints(ServerContext app, LiveChanges live) {
        this.app = app;
        this.live = live;
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
        return app.blocking().supply(() ->
                RestResponse.ok(app.storage().blocks().blocked(request.principal().userId(), cursor, limit)));
    }

    /** {user_id} → 201 {user, created_at}; 200 with the existing block when there was one. */
    private CompletableFuture<RestResponse> block(RestRequest request) {
        String me = request.principal().userId();
        String target = JsonBody.parse(app.codec(), request.body()).requiredUserId("user_id");
        if (target.equals(me)) {
            throw JsonBody.invalid("user_id", "you cannot block yourself");
        }
        return app.blocking().supply(() -> {
            boolean created = app.storage().blocks().block(me, target);
            live.blockChanged(me, target, true);
            // lifted again by a concurrent unblock: answer the block as it was made
            var block = app.storage().blocks().find(me, target).orElseGet(() -> new BlockRepository.BlockedUser(
                    new User(target, target), app.clock().instant()));
            return new RestResponse(created ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, block);
        });
    }

    /** {@code ?user_id=U} → 204, whether or not there was a block. */
    private CompletableFuture<RestResponse> unblock(RestRequest request) {
        String me = request.principal().userId();
        String target = request.query("user_id");
        if (target == null || !UserIds.isValid(target)) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "user_id: the query parameter must be a user id");
        }
        return app.blocking().supply(() -> {
            if (app.storage().blocks().unblock(me, target)) {
                live.blockChanged(me, target, false);
            }
            return RestResponse.noContent();
        });
    }
}
