package dev.community.server.rest;

import dev.community.protocol.JsonCodec;
import dev.community.server.StorageReads;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.ThreadActions;
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

    private final JsonCodec codec;
    private final StorageReads store;
    private final RoomAccess access;
    private final ThreadActions threads;

    ThreadEndpoints(JsonCodec codec, StorageReads store, RoomAccess access, ThreadActions threads) {
        this.codec = codec;
        this.store = store;
        this.access = access;
        this.threads = threads;
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
        return store.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            Page<ThreadRecord> page = store.storage().threads().list(roomId, cursor, limit);
            return RestResponse.ok(new Page<>(page.results().stream().map(Views.ThreadView::of).toList(), page.nextCursor()));
        });
    }

    /** {title} → 201 Thread ({@link dev.community.server.actions.ThreadActions#create}). */
    private CompletableFuture<RestResponse> create(RestRequest request) {
        String title = JsonBody.parse(codec, request.body()).requiredText("title", TITLE_MAX);
        return threads.create(request.principal(), request.uuid("room_id"), title)
                .thenApply(thread -> RestResponse.created(Views.ThreadView.of(thread)));
    }
}
