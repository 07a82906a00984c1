package dev.community.server.rest;

import dev.community.server.Blocking;
import dev.community.server.actions.CrossRoomReads;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /community/mentions/}: the messages that mention me in every room and DM I am a member of, newest
 * first, each with its room and whether my read marker there is past it ({@link CrossRoomReads#mentions}).
 */
final class MentionEndpoints {
    private final Blocking blocking;
    private final CrossRoomReads reads;

    MentionEndpoints(Blocking blocking, CrossRoomReads reads) {
        this.blocking = blocking;
        this.reads = reads;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/mentions/", this::mentions);
    }

    private CompletableFuture<RestResponse> mentions(RestRequest request) {
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return blocking.supply(() -> RestResponse.ok(reads.mentions(request.principal(), cursor, limit)));
    }
}
