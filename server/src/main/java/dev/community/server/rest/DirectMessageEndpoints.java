package dev.community.server.rest;

import dev.community.protocol.JsonCodec;
import dev.community.server.StorageReads;
import dev.community.server.actions.ConversationActions;
import dev.community.server.actions.RoomAccess;
import dev.community.protocol.ErrorCode;
import dev.community.server.auth.Principal;
import dev.community.server.actions.Refusal;
import dev.community.storage.DirectMessageRepository;
import dev.community.storage.Page;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * DM threads. A thread is a private room of type dm with the same id: its messages, read marker, reactions and
 * socket are the room's ({@code /community/rooms/{id}/...}, {@code /ws/community/dm/{id}/}), open to its
 * participants only.
 */
final class DirectMessageEndpoints {
    /** What the body may name at all; the configured group size (limits.group_dm_max_participants) is checked after. */
    static final int MAX_PARTICIPANTS = 1000;

    private final JsonCodec codec;
    private final StorageReads store;
    private final RoomAccess access;
    private final ConversationActions conversations;

    DirectMessageEndpoints(JsonCodec codec, StorageReads store, RoomAccess access, ConversationActions conversations) {
        this.codec = codec;
        this.store = store;
        this.access = access;
        this.conversations = conversations;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/dm/", this::list);
        api.route(HttpMethod.POST, "/community/dm/", this::open);
        api.route(HttpMethod.GET, "/community/dm/{thread_id}/", this::get);
    }

    private CompletableFuture<RestResponse> list(RestRequest request) {
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return store.blocking().supply(() -> {
            Page<DirectMessageRepository.DmThread> page =
                    store.storage().directMessages().listForUser(request.principal().userId(), cursor, limit);
            return RestResponse.ok(new Page<>(page.results().stream().map(Views.DmThread::of).toList(),
                    page.nextCursor()));
        });
    }

    /**
     * {participant_ids}: the others (I am implied) → 201 when new, 200 when the pair's 1:1 thread existed already
     * (whoever opened it). The rules are {@link dev.community.server.actions.ConversationActions#openDm}'s.
     */
    private CompletableFuture<RestResponse> open(RestRequest request) {
        Principal me = request.principal();
        List<String> others = JsonBody.parse(codec, request.body())
                .requiredUserIds("participant_ids", MAX_PARTICIPANTS).stream()
                .filter(id -> !id.equals(me.userId())).distinct().toList();
        if (others.isEmpty()) {
            throw JsonBody.invalid("participant_ids", "must name at least one user other than you");
        }
        return conversations.openDm(me, others).thenApply(opened -> new RestResponse(
                opened.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK, Views.DmThread.of(opened.thread())));
    }

    /** 404 for an id that is no DM thread, 403 for a thread I do not take part in. */
    private CompletableFuture<RestResponse> get(RestRequest request) {
        var threadId = request.uuid("thread_id");
        return store.blocking().supply(() -> {
            var room = store.storage().rooms().findById(threadId);
            if (room.isEmpty() || !room.get().roomType().isDirect()) {
                throw new Refusal(ErrorCode.NOT_FOUND, "no such DM thread");
            }
            access.load(request.principal(), threadId);
            return RestResponse.ok(store.storage().directMessages().find(threadId, request.principal().userId())
                    .map(Views.DmThread::of)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such DM thread")));
        });
    }
}
