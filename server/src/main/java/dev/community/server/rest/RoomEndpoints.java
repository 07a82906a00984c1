package dev.community.server.rest;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.Message;
import dev.community.protocol.MessageValidator;
import dev.community.server.ServerContext;
import dev.community.server.WireViews;
import dev.community.storage.WriteOutcome;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** {@code /community/rooms/{id}/} and its messages: read a room, page its history, post to it. */
final class RoomEndpoints {
    private final ServerContext app;
    private final RoomAccess access;

    RoomEndpoints(ServerContext app) {
        this.app = app;
        this.access = new RoomAccess(app.storage(), app.clock());
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/", this::getRoom);
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/messages/", this::listMessages);
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/messages/", this::postMessage);
    }

    private CompletableFuture<RestResponse> getRoom(RestRequest request) {
        var roomId = request.uuid("room_id");
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            var marker = loaded.membership().isPresent()
                    ? app.storage().memberships().readMarker(roomId, request.principal().userId()) : null;
            return RestResponse.ok(WireViews.room(loaded.room(), loaded.membership().orElse(null), marker));
        });
    }

    /** Newest first; the cursor is the seq to continue below, so pages stay stable while messages arrive. */
    private CompletableFuture<RestResponse> listMessages(RestRequest request) {
        var roomId = request.uuid("room_id");
        int limit = request.limit(50);
        long before = Cursors.seq(request.query("cursor"));
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            List<Message> page = app.storage().messages().before(roomId, before, limit + 1);
            boolean more = page.size() > limit;
            List<Message> newestFirst = new ArrayList<>(more ? page.subList(1, page.size()) : page);
            Collections.reverse(newestFirst);
            String next = more ? Long.toString(newestFirst.get(newestFirst.size() - 1).seq()) : null;
            Set<String> blocked = app.storage().blocks().blockedIdsOf(request.principal().userId());
            return RestResponse.ok(new dev.community.storage.Page<>(WireViews.messages(newestFirst, loaded.moderator(request.principal()), blocked), next));
        });
    }

    private CompletableFuture<RestResponse> postMessage(RestRequest request) {
        var roomId = request.uuid("room_id");
        ClientFrame.SendMessage frame = MessageValidator.sendMessageFrom(app.codec().readTree(request.body()));
        return app.blocking().supply(() -> access.loadAsMember(request.principal(), roomId))
                .thenCompose(loaded -> app.messages().send(request.principal(), loaded.room(),
                        loaded.membership().orElseThrow(), frame))
                .thenApply((WriteOutcome outcome) -> new RestResponse(
                        outcome.duplicate() ? HttpResponseStatus.OK : HttpResponseStatus.CREATED,
                        WireViews.message(outcome.message(), false)));
    }
}
