package dev.community.server.room;

import dev.community.protocol.RoomType;
import dev.community.server.ServerMetrics;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rooms that have at least one connection on this node. A room is live from its first session's
 * {@link #acquire} to its last session's {@link #release}; the count is kept under the map's per-key lock so
 * a room never disappears while a new session is entering it. The {@link RoomLifecycle} hears of both ends
 * under the same lock.
 */
public final class RoomRegistry {
    /** Recent messages kept per live room: enough for room_state (50) and most reconnect gaps. */
    public static final int RECENT_WINDOW = 256;

    private final Map<UUID, Entry> rooms = new ConcurrentHashMap<>();
    private final ServerMetrics metrics;
    private final java.time.Duration typingTimeout;
    private final PresenceSettings presence;
    private RoomBus bus;
    private volatile RoomLifecycle lifecycle = RoomLifecycle.NONE;
    private volatile java.util.function.Consumer<UUID> idle = id -> { };

    public RoomRegistry(ServerMetrics metrics, java.time.Duration typingTimeout, PresenceSettings presence) {
        this.metrics = metrics;
        this.typingTimeout = typingTimeout;
        this.presence = presence;
        io.micrometer.core.instrument.Gauge.builder("community.rooms.active", rooms, Map::size)
                .description("Rooms with at least one connection on this node").register(metrics.registry());
    }

    /** The bus that typing indicators publish on; set once while wiring, before any room goes live. */
    public void bus(RoomBus roomBus) {
        this.bus = roomBus;
    }

    /**
     * Who hears of a room's last session on this node leaving, after the cluster's {@link RoomLifecycle} (admission
     * forgets what it held of the room); set once while wiring.
     */
    public void whenIdle(java.util.function.Consumer<UUID> listener) {
        this.idle = listener;
    }

    /** Who hears of rooms going live and idle; set once while wiring, before any room goes live. */
    public void lifecycle(RoomLifecycle roomLifecycle) {
        this.lifecycle = roomLifecycle;
    }

    public LiveRoom acquire(UUID roomId, RoomType roomType) {
        return acquire(roomId, roomType, -1);
    }

    /**
     * Enters a session into the room, making it live if it was not.
     *
     * @param lastSeqSeen the room's last seq as the session's pre-upgrade check read it, -1 when unknown
     */
    public LiveRoom acquire(UUID roomId, RoomType roomType, long lastSeqSeen) {
        return rooms.compute(roomId, (id, entry) -> {
            if (entry == null) {
                LiveRoom room = new LiveRoom(id, roomType, metrics, RECENT_WINDOW, new TypingTracker(id, bus, typingTimeout),
                        presence);
                lifecycle.opened(room, lastSeqSeen);
                return new Entry(room, 1);
            }
            lifecycle.entered(entry.room, lastSeqSeen);
            return new Entry(entry.room, entry.sessions + 1);
        }).room;
    }

    public void release(UUID roomId) {
        boolean[] closed = {false};
        rooms.computeIfPresent(roomId, (id, entry) -> {
            if (entry.sessions <= 1) {
                lifecycle.closed(entry.room);
                closed[0] = true;
                return null;
            }
            return new Entry(entry.room, entry.sessions - 1);
        });
        if (closed[0]) {
            idle.accept(roomId);
        }
    }

    public Optional<LiveRoom> find(UUID roomId) {
        Entry entry = rooms.get(roomId);
        return entry == null ? Optional.empty() : Optional.of(entry.room);
    }

    public Collection<LiveRoom> all() {
        return rooms.values().stream().map(e -> e.room).toList();
    }

    private record Entry(LiveRoom room, int sessions) {
    }
}
