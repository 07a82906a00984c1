package dev.community.server.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.community.server.Blocking;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository;
import dev.community.storage.RoomRecord;
import dev.community.storage.RoomRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The rooms connections are being admitted to, held in memory ({@link RoomEntry}) so that a connect to a live room
 * reads nothing from the database. A cold room is loaded once however many connections arrive for it at the same
 * moment (loads are grouped with other rooms' loads); every path that changes a room or a membership — REST,
 * moderation, sessions' read markers, and other nodes through the control relay — tells the directory, and a change
 * that lands while its room is loading is applied once the load is in. Rooms unused for {@link #LINGER} are
 * forgotten, and the memberships held at once are capped ({@link #MAX_MEMBERSHIPS}): memory stays bounded.
 */
public final class RoomDirectory {
    /** How long an unused room stays in memory: longer than a restart's reconnect storm, short of holding every room. */
    static final Duration LINGER = Duration.ofMinutes(10);
    /** Memberships held at once across rooms (about 150 bytes each: ~150 MB at the cap); least used rooms go first. */
    static final long MAX_MEMBERSHIPS = 1_000_000;
    /** Rooms loaded in one grouped call, and such calls at once. */
    private static final int LOADS_PER_GROUP = 64;
    private static final int GROUPS_IN_FLIGHT = 2;

    private final Cache<UUID, RoomEntry> rooms;
    private final GroupedCalls<UUID, Optional<RoomEntry>> loads;
    /** Rooms being loaded, with the changes that arrived meanwhile (guarded by this). */
    private final Map<UUID, Loading> loading = new HashMap<>();

    public RoomDirectory(RoomRepository roomRows, MembershipRepository memberships, Blocking blocking,
                         MeterRegistry meters) {
        this.rooms = Caffeine.newBuilder()
                .expireAfterAccess(LINGER)
                .maximumWeight(MAX_MEMBERSHIPS)
                .weigher((UUID id, RoomEntry entry) -> 1 + entry.size())
                .build();
        this.loads = new GroupedCalls<>("room", blocking, LOADS_PER_GROUP, GROUPS_IN_FLIGHT, ids -> {
            Map<UUID, Optional<RoomEntry>> loaded = new HashMap<>();
            for (UUID id : ids) {
                loaded.put(id, roomRows.findById(id).map(room -> new RoomEntry(room, memberships.allOf(id))));
            }
            return loaded;
        }, meters);
        Gauge.builder("community.admission.rooms", rooms, c -> c.estimatedSize())
                .description("Rooms held in memory for admission").register(meters);
    }

    /**
     * The room, from memory or loaded once (empty when there is no such room: a miss is not remembered, so a room
     * created a moment later is found). Completes on a blocking thread when it had to load.
     */
    public CompletableFuture<Optional<RoomEntry>> room(UUID roomId) {
        RoomEntry held = rooms.getIfPresent(roomId);
        if (held != null) {
            return CompletableFuture.completedFuture(Optional.of(held));
        }
        CompletableFuture<Optional<RoomEntry>> answer;
        boolean start = false;
        synchronized (this) {
            held = rooms.getIfPresent(roomId);
            if (held != null) {
                return CompletableFuture.completedFuture(Optional.of(held));
            }
            Loading current = loading.get(roomId);
            if (current == null) {
                current = new Loading();
                loading.put(roomId, current);
                start = true;
            }
            answer = current.answer;
        }
        if (start) {
            loads.call(roomId).whenComplete((entry, failure) -> loaded(roomId, entry, failure));
        }
        return answer;
    }

    private void loaded(UUID roomId, Optional<RoomEntry> entry, Throwable failure) {
        Loading done;
        synchronized (this) {
            done = loading.remove(roomId);
            if (failure == null && entry.isPresent()) {
                done.changes.forEach(change -> change.accept(entry.get()));
                rooms.put(roomId, entry.get());
            }
        }
        if (failure != null) {
            done.answer.completeExceptionally(failure);
        } else {
            done.answer.complete(entry);
        }
    }

    /** The room's settings changed. */
    public void roomChanged(RoomRecord updated) {
        change(updated.id(), entry -> entry.room(updated));
    }

    /** A membership changed (role, mute, ban, join, leave: {@code updated} is the stored row, null when removed). */
    public void membershipChanged(UUID roomId, String userId, Membership updated) {
        change(roomId, entry -> entry.membership(userId, updated));
    }

    /** A read marker moved forward. */
    public void readMarkerMoved(UUID roomId, String userId, long lastReadSeq) {
        change(roomId, entry -> entry.readMarker(userId, lastReadSeq));
    }

    /** The room is gone (deleted): nobody is admitted from memory any more. */
    public void forget(UUID roomId) {
        rooms.invalidate(roomId);
    }

    private void change(UUID roomId, Consumer<RoomEntry> change) {
        synchronized (this) {
            Loading pending = loading.get(roomId);
            if (pending != null) {
                pending.changes.add(change);
                return;
            }
        }
        RoomEntry entry = rooms.getIfPresent(roomId);
        if (entry != null) {
            change.accept(entry);
        }
    }

    /** A room on its way from the database, and what changed meanwhile. */
    private static final class Loading {
        final CompletableFuture<Optional<RoomEntry>> answer = new CompletableFuture<>();
        final List<Consumer<RoomEntry>> changes = new ArrayList<>();
    }
}
