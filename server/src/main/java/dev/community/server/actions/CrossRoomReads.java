package dev.community.server.actions;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.server.WireViews;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.Page;
import dev.community.storage.RoomRecord;
import dev.community.storage.SearchQuery;
import dev.community.storage.SearchRepository;
import dev.community.storage.SearchRepository.Filter;
import dev.community.storage.SearchRepository.MemberRoom;
import dev.community.storage.SearchRepository.Scope;
import dev.community.storage.SearchRepository.Sort;
import dev.community.storage.Storage;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Reads across the caller's rooms: full-text search and the mentions inbox. The scope is built here from the rules'
 * own homes — {@link Permissions#canAccess} and {@link Membership#isMember()} for which rooms, {@link
 * Permissions#isModerator} for where hidden content counts, the caller's block list for whose messages are left
 * out — and the store only filters by it ({@link SearchRepository}). Without a room the scope is every room and DM
 * the caller is a member of (reading a public room without joining it is searched by naming it: {@code room_id},
 * checked like opening it, {@link RoomAccess#load}). Runs on the blocking executor.
 */
public final class CrossRoomReads {
    private final Storage storage;
    private final RoomAccess access;

    public CrossRoomReads(Storage storage, RoomAccess access) {
        this.storage = storage;
        this.access = access;
    }

    /** Messages matching {@code query} in the caller's scope, each with its room. */
    public Page<Hit> search(Principal principal, SearchQuery query, UUID roomId, Filter filter, Sort sort,
                            String cursor, int limit) {
        Readable readable = roomId == null ? memberScope(principal) : oneRoom(principal, roomId);
        Page<Message> page = storage.search().search(query, readable.scope, filter, sort, cursor, limit);
        Map<UUID, List<String>> mine = mine(principal, page.results());
        return new Page<>(page.results().stream().map(m -> readable.hit(m, null, mine)).toList(), page.nextCursor());
    }

    /** Messages that mention the caller in every room and DM they are a member of, each with its room and read state. */
    public Page<Hit> mentions(Principal principal, String cursor, int limit) {
        Readable readable = memberScope(principal);
        Page<Message> page = storage.search().mentions(principal.userId(), readable.scope, cursor, limit);
        Map<UUID, List<String>> mine = mine(principal, page.results());
        return new Page<>(page.results().stream()
                .map(m -> readable.hit(m, m.seq() <= readable.memberships.get(m.roomId()).lastReadSeq(), mine))
                .toList(), page.nextCursor());
    }

    /** The caller's own reactions to these messages (read only when one of them carries any). */
    private Map<UUID, List<String>> mine(Principal principal, List<Message> messages) {
        boolean any = messages.stream().anyMatch(m -> !m.reactionCounts().isEmpty());
        return any ? storage.reactions().mine(principal.userId(), messages.stream().map(Message::id).toList())
                : Map.of();
    }

    /** Every room the caller is a member of and may open now; a room left or banned from drops out. */
    private Readable memberScope(Principal principal) {
        Instant now = access.now();
        Readable readable = new Readable(blocked(principal));
        for (MemberRoom row : storage.search().memberRooms(principal.userId())) {
            Membership membership = row.membership();
            if (membership.isMember()
                    && Permissions.canAccess(row.room(), Optional.of(membership), principal, now).isEmpty()) {
                readable.add(row.room(), membership,
                        Permissions.isModerator(Optional.of(membership), principal, now));
            }
        }
        return readable.done();
    }

    /** The one room named, opened by the same rule as reading its history (404 unknown, 403 not for me). */
    private Readable oneRoom(Principal principal, UUID roomId) {
        RoomAccess.Loaded loaded = access.load(principal, roomId);
        Readable readable = new Readable(blocked(principal));
        readable.add(loaded.room(), loaded.membership().orElse(null), loaded.moderator());
        return readable.done();
    }

    private Set<String> blocked(Principal principal) {
        return storage.blocks().blockedIdsOf(principal.userId());
    }

    /** The scope being built, with what rendering a hit needs (room summary, moderator or not, read marker). */
    private static final class Readable {
        final Map<UUID, RoomSummary> rooms = new HashMap<>();
        final Map<UUID, Membership> memberships = new HashMap<>();
        final Set<UUID> moderated = new HashSet<>();
        final Set<String> blocked;
        Scope scope;

        Readable(Set<String> blocked) {
            this.blocked = blocked;
        }

        void add(RoomRecord room, Membership membership, boolean moderator) {
            rooms.put(room.id(), RoomSummary.of(room));
            if (membership != null) {
                memberships.put(room.id(), membership);
            }
            if (moderator) {
                moderated.add(room.id());
            }
        }

        Readable done() {
            scope = new Scope(rooms.keySet(), moderated, blocked);
            return this;
        }

        /** A result as the caller sees it: hidden content shows only in rooms they moderate (as in history). */
        Hit hit(Message message, Boolean read, Map<UUID, List<String>> mine) {
            Message shown = WireViews.message(message, moderated.contains(message.roomId()));
            return new Hit(WireViews.withMyReactions(List.of(shown), mine).get(0), rooms.get(message.roomId()), read);
        }
    }

    /** What a result says of its room: enough to show it and to open it. */
    public record RoomSummary(UUID id, String name, String slug, RoomType roomType) {
        static RoomSummary of(RoomRecord room) {
            return new RoomSummary(room.id(), room.name(), room.slug(), room.roomType());
        }
    }

    /**
     * One result: the message and its room; {@code isRead} (mentions only, else null and left out) whether my read
     * marker in that room is at or past it.
     */
    public record Hit(Message message, RoomSummary room,
                      @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("is_read") Boolean isRead) {
    }

}
