package dev.community.storage;

import dev.community.protocol.Message;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Reads of messages across rooms: full-text search and the mentions inbox. Who may read what is not decided here:
 * the caller passes a {@link Scope} built from the permission rules (which rooms, in which of them hidden content
 * is visible, whose messages are blocked), and the store only filters by it. Lists are newest first, cursor-paged
 * by message id (UUIDv7, so id order is time order): a page's cursor is the id of its last row, so pages neither
 * repeat nor skip a row while new messages arrive.
 */
public interface SearchRepository {

    /**
     * Every membership row of {@code userId} with its room (active or not: the caller judges with
     * {@link Membership#isMember()} and the permission rules), rooms deleted left out.
     */
    List<MemberRoom> memberRooms(String userId);

    /**
     * Messages of {@code scope} that match {@code query}: newest first, or by rank with
     * {@link Sort#RELEVANCE} (on PostgreSQL; the embedded store has no ranking and answers newest first).
     *
     * @throws IllegalArgumentException for a cursor of another list or sort order, or a limit outside 1..100
     */
    Page<Message> search(SearchQuery query, Scope scope, Filter filter, Sort sort, String cursor, int limit);

    /**
     * Messages of {@code scope} whose mentions name {@code userId}, newest first (tombstones carry no mentions, so
     * deleted messages never appear).
     */
    Page<Message> mentions(String userId, Scope scope, String cursor, int limit);

    /** A membership with the room it belongs to. */
    record MemberRoom(RoomRecord room, Membership membership) {
    }

    /**
     * Where to look: {@code rooms} the reader may read; in {@code moderatedRooms} (a subset) hidden messages count
     * too; messages of {@code excludedAuthors} (whom the reader blocks) never.
     */
    record Scope(Set<UUID> rooms, Set<UUID> moderatedRooms, Set<String> excludedAuthors) {
        public Scope {
            rooms = Set.copyOf(rooms);
            moderatedRooms = Set.copyOf(moderatedRooms);
            excludedAuthors = Set.copyOf(excludedAuthors);
        }
    }

    /** Optional narrowing: by author, and by creation time ({@code after} < created_at < {@code before}). */
    record Filter(String authorId, Instant before, Instant after) {
        public static final Filter NONE = new Filter(null, null, null);
    }

    /** Result order. */
    enum Sort {
        NEWEST, RELEVANCE
    }
}
