package dev.community.server.rest;

import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.Refusal;
import dev.community.server.ServerContext;
import dev.community.server.permission.Permissions;
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

    /** {title} → 201 Thread. */
    private CompletableFuture<RestResponse> create(RestRequest request) {
        var roomId = request.uuid("room_id");
        String title = JsonBody.parse(app.codec(), request.body()).requiredText("title", TITLE_MAX);
        return app.blocking().supply(() -> {
            var loaded = access.loadAsMember(request.principal(), roomId);
            Permissions.canPost(loaded.room(), loaded.requireMember(), request.principal(), loaded.now())
                    .ifPresent(code -> {
                        throw new Refusal(code, "you may not post in this room now");
                    });
            ThreadRecord thread = app.storage().threads().create(roomId, title, request.principal().userId());
            return RestResponse.created(Views.ThreadView.of(thread));
        });
    }
}
