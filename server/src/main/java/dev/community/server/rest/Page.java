package dev.community.server.rest;

import java.util.List;

/** The one list shape of PROTOCOL.md §3: {@code {"results": [...], "next_cursor": "..." | null}}. */
public record Page<T>(List<T> results, String nextCursor) {
}
