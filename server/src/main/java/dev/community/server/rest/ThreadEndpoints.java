package dev.community.server.rest;

import dev.community.server.actions.RoomAccess;
import dev.community.server.ServerContext;
import dev.community.storage.Page;
import dev.community.storage.ThreadRecord;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;

/**
 * A room's threads: listed to anyone who may open the room, created by anyone who may post in it (not banned,
 * not muted, trusted enough). Messages join a thread with {@code thread_id} on send_message or POST messages.
 */
final class ThreadEndpoints {
    static final int TITLE_MAX = 200;

    private final ServerContext app;
    private final RoomAccess access;

    ThreadEndpoints(ServerContext app, RoomAccess access) {
        this.app = app;
        this.access = access;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/threads/", this::list);
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/threads/", this::create);
    }

    /** Oldest first. */
    private CompletableFuture<RestResponse> list(RestRequest request) {
        var roomId = request.uuid("room_id");
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return app.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            Page<ThreadRecord> page = app.storage().threads().list(roomId, cursor, limit);
            return RestResponse.ok(new Page<>(page.results().stream().map(Views.ThreadView::of).toList(), page.nextCursor()));
        });
    }

    /** {title} → 201 Thread ({@link dev.community.server.actions.ThreadActions#create}). */
    private CompletableFuture<RestResponse> create(RestRequest request) {
        String title = JsonBody.parse(app.codec(), request.body()).requiredText("title", TITLE_MAX);
        return app.actions().threads().create(request.principal(), request.uuid("room_id"), title)
                .thenApply(thread -> RestResponse.created(Views.ThreadView.of(thread)));
    }
}
