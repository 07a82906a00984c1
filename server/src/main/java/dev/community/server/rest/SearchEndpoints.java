package dev.community.server.rest;

import dev.community.protocol.ErrorCode;
import dev.community.server.Blocking;
import dev.community.server.actions.CrossRoomReads;
import dev.community.server.actions.Refusal;
import dev.community.storage.SearchQuery;
import dev.community.storage.SearchRepository.Filter;
import dev.community.storage.SearchRepository.Sort;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * {@code GET /community/search/?q=}: full-text search over the rooms and DMs the caller may read, newest first or
 * by relevance; the rules of what is in scope are {@link CrossRoomReads}'. Only parses and renders.
 */
final class SearchEndpoints {
    private final Blocking blocking;
    private final CrossRoomReads reads;

    SearchEndpoints(Blocking blocking, CrossRoomReads reads) {
        this.blocking = blocking;
        this.reads = reads;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/search/", this::search);
    }

    private CompletableFuture<RestResponse> search(RestRequest request) {
        SearchQuery query;
        try {
            query = SearchQuery.parse(request.query("q"));
        } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, e.getMessage());
        }
        UUID roomId = uuid(request, "room_id");
        Filter filter = new Filter(request.query("author_id"), instant(request, "before"), instant(request, "after"));
        Sort sort = sort(request.query("sort"));
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return blocking.supply(() -> RestResponse.ok(
                reads.search(request.principal(), query, roomId, filter, sort, cursor, limit)));
    }

    /** An optional UUID query parameter; a malformed one is a bad request. */
    static UUID uuid(RestRequest request, String name) {
        String value = request.query(name);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, name + " must be a UUID");
        }
    }

    /** An optional time query parameter, ISO-8601 ({@code 2026-11-24T10:00:00.000Z}). */
    static Instant instant(RestRequest request, String name) {
        String value = request.query(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, name + " must be an ISO-8601 UTC time");
        }
    }

    static Sort sort(String value) {
        if (value == null || value.equals("newest")) {
            return Sort.NEWEST;
        }
        if (value.equals("relevance")) {
            return Sort.RELEVANCE;
        }
        throw new Refusal(ErrorCode.INVALID_PAYLOAD, "sort must be newest or relevance");
    }
}
