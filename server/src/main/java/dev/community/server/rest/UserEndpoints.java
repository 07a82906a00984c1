package dev.community.server.rest;

import dev.community.protocol.ErrorCode;
import dev.community.server.StorageReads;
import dev.community.server.actions.Refusal;
import dev.community.storage.Page;
import io.netty.handler.codec.http.HttpMethod;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /community/users/?q=PREFIX&limit=N}: the people picker. The users the server knows (everyone seen on
 * a connection, a room or a DM) whose id or username starts with {@code q}, case-insensitively, as {id, username}
 * only. Nobody is left out (a blocked user is still someone one may look up to unblock); nothing private is shown.
 * An ordinary REST read: the per-user request and concurrency budgets of {@link RestApi} apply.
 */
final class UserEndpoints {
    /** The longest {@code q}: a username's length (users.username is varchar(150)); longer can match nobody. */
    static final int MAX_QUERY_LENGTH = 150;
    static final int DEFAULT_LIMIT = 20;

    private final StorageReads store;

    UserEndpoints(StorageReads store) {
        this.store = store;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/users/", this::search);
    }

    private CompletableFuture<RestResponse> search(RestRequest request) {
        String raw = request.query("q");
        String prefix = raw == null ? "" : raw.strip();
        if (prefix.isEmpty() || prefix.length() > MAX_QUERY_LENGTH) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD,
                    "q: the query parameter must be 1 to " + MAX_QUERY_LENGTH + " characters (not only spaces)");
        }
        int limit = request.limit(DEFAULT_LIMIT);
        return store.blocking().supply(() ->
                RestResponse.ok(new Page<>(store.storage().users().searchByPrefix(prefix, limit), null)));
    }
}
