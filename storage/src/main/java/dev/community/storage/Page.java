package dev.community.storage;

import java.util.List;

/**
 * One page of a cursor-paged list (PROTOCOL.md §3): {@code nextCursor} is null on the last page and otherwise
 * opaque, to be passed back as {@code ?cursor=}. A cursor the store did not issue is refused with
 * {@link IllegalArgumentException}.
 */
public record Page<T>(List<T> results, String nextCursor) {
    public Page {
        results = List.copyOf(results);
    }
}
