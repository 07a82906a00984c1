package dev.community.server.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.community.server.Blocking;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository;
import dev.community.storage.RoomRecord;
import dev.community.storage.RoomRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
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
 * that lands while its room is loading is applied once the load is in. A room is forgotten when its last session
 * on this node leaves ({@link #forget}, so a room is held while it is live and read afresh when it goes live
 * again), a room nobody got into (refused connects) after {@link #LINGER} unused, and the memberships held at once
 * are capped ({@link #MAX_MEMBERSHIPS}): memory stays bounded. Metrics: {@code community.admission.rooms} (held),
 * {@code community.admission.memberships} (held), {@code community.admission.room.lookups{result=hit|miss}} and
 * {@code community.admission.room.loads} (rooms read from the database).
 */
public final class RoomDirectory {
    /** How long a room nobody is in stays in memory: longer than a restart's reconnect storm, short of holding every room. */
    static final Duration LINGER = Duration.ofMinutes(10);
    /** Memberships held at once across rooms (about 150 bytes each: ~150 MB at the cap); least used rooms go first. */
    static final long MAX_MEMBERSHIPS = 1_000_000;
    /** Rooms loaded in one grouped call, and such calls at once. */
    private static final int LOADS_PER_GROUP = 64;
    private static final int GROUPS_IN_FLIGHT = 2;

    private final Cache<UUID, RoomEntry> rooms;
    private final GroupedCalls<UUID, Optional<RoomEntry>> loads;
    private final GroupedCalls<UUID, Optional<RoomRecord>> rows;
    /** Rooms being loaded, with the changes that arrived meanwhile (guarded by this). */
    private final Map<UUID, Loading> loading = new HashMap<>();
    private final Counter hits;
    private final Counter misses;
    private final Counter roomLoads;

    public RoomDirectory(RoomRepository roomRows, MembershipRepository memberships, Blocking blocking,
                         MeterRegistry meters) {
        this.rooms = Caffeine.newBuilder()
                // upkeep (weights, eviction) on the calling thread: short, and the gauges read what was just done
                .executor(Runnable::run)
                .expireAfterAccess(LINGER)
                .maximumWeight(MAX_MEMBERSHIPS)
                .weigher((UUID id, RoomEntry entry) -> 1 + entry.size())
                .build();
        this.roomLoads = Counter.builder("community.admission.room.loads")
                .description("Rooms read from the database for admission (a cold room, once however many connect)")
                .register(meters);
        this.hits = Counter.builder("community.admission.room.lookups").tag("result", "hit")
                .description("Admission lookups of a room, answered from memory (hit) or not (miss)").register(meters);
        this.misses = Counter.builder("community.admission.room.lookups").tag("result", "miss")
                .description("Admission lookups of a room, answered from memory (hit) or not (miss)").register(meters);
        this.loads = new GroupedCalls<>("room", blocking, LOADS_PER_GROUP, GROUPS_IN_FLIGHT, ids -> {
            Map<UUID, Optional<RoomEntry>> loaded = new HashMap<>();
            for (UUID id : ids) {
                roomLoads.increment();
                loaded.put(id, roomRows.findById(id).map(room -> new RoomEntry(room, memberships.allOf(id))));
            }
            return loaded;
        }, meters);
        this.rows = new GroupedCalls<>("row", blocking, LOADS_PER_GROUP, GROUPS_IN_FLIGHT, ids -> {
            Map<UUID, Optional<RoomRecord>> read = new HashMap<>();
            for (UUID id : ids) {
                read.put(id, roomRows.findById(id));
            }
            return read;
        }, meters);
        Gauge.builder("community.admission.rooms", rooms, c -> c.estimatedSize())
                .description("Rooms held in memory for admission").register(meters);
        Gauge.builder("community.admission.memberships", rooms,
                        c -> c.policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L))
                .description("Memberships (and rooms) held in memory for admission, against a cap of "
                        + MAX_MEMBERSHIPS).register(meters);
    }

    /**
     * The room, from memory or loaded once (empty when there is no such room: a miss is not remembered, so a room
     * created a moment later is found). Completes on a blocking thread when it had to load.
     */
    public CompletableFuture<Optional<RoomEntry>> room(UUID roomId) {
        RoomEntry held = rooms.getIfPresent(roomId);
        if (held != null) {
            hits.increment();
            return CompletableFuture.completedFuture(Optional.of(held));
        }
        misses.increment();
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

    /**
     * The room's row as stored now, read after this call (in a group with other connects' reads: one read per room
     * per group). In a cluster a connect needs the room's stored seq: a message another node stored may never have
     * been published (that node lost Redis, then stopped), and only storage knows of it. Completes on a blocking
     * thread.
     */
    public CompletableFuture<Optional<RoomRecord>> storedRow(UUID roomId) {
        return rows.call(roomId);
    }

    private void loaded(UUID roomId, Optional<RoomEntry> entry, Throwable failure) {
        Loading done;
        synchronized (this) {
            done = loading.remove(roomId);
            if (failure == null && entry.isPresent()) {
                done.changes.forEach(change -> change.accept(entry.get()));
                if (done.keep) {
                    rooms.put(roomId, entry.get());
                }
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

    /**
     * A first join made for a connection ({@code joined} as stored): held unless a newer change of the user's
     * membership got there first (see {@link RoomEntry#joined}).
     */
    public void joined(UUID roomId, String userId, Membership joined, Instant now) {
        change(roomId, entry -> entry.joined(userId, joined, now));
    }

    /** A read marker moved forward. */
    public void readMarkerMoved(UUID roomId, String userId, long lastReadSeq) {
        change(roomId, entry -> entry.readMarker(userId, lastReadSeq));
    }

    /** The room's last session on this node left (or the room is gone): it is read afresh when next needed. */
    public void forget(UUID roomId) {
        rooms.invalidate(roomId);
    }

    /**
     * Forgets every room: changes from other nodes may have been missed (the control relay was cut off), so what
     * is held can no longer be trusted. Loads under way answer their callers but are not kept: they may have read
     * before the cut.
     */
    public void forgetAll() {
        synchronized (this) {
            loading.values().forEach(pending -> pending.keep = false);
        }
        rooms.invalidateAll();
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
            int before = entry.size();
            change.accept(entry);
            if (entry.size() != before) {
                // the cache weighs an entry when it is put: put it again so the memberships cap sees it grow
                rooms.asMap().replace(roomId, entry, entry);
            }
        }
    }

    /** A room on its way from the database, and what changed meanwhile. */
    private static final class Loading {
        final CompletableFuture<Optional<RoomEntry>> answer = new CompletableFuture<>();
        final List<Consumer<RoomEntry>> changes = new ArrayList<>();
        boolean keep = true;
    }
}
