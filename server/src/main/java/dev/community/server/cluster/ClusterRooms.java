package dev.community.server.cluster;

import dev.community.server.room.EventEncoder;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.LocalRoomBus;
import dev.community.server.room.RoomLifecycle;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The rooms live on this node, as the cluster sees them: a node subscribes to a room's channel while it has members
 * in it (so the transport sends a room's traffic only to the nodes that need it), and keeps a {@link RoomLink} per room.
 * The registry calls this under its per-room lock, so a room's subscribe and unsubscribe reach the transport in order.
 */
final class ClusterRooms implements RoomLifecycle {
    private static final Logger log = LoggerFactory.getLogger(ClusterRooms.class);

    private final Map<UUID, RoomLink> links = new ConcurrentHashMap<>();
    private final ClusterTransport transport;
    private final Channels channels;
    private final LocalRoomBus local;
    private final EventEncoder encoder;
    private final MessageSource source;
    private final ScheduledExecutorService timer;
    private final ClusterMetrics metrics;
    private volatile Function<RoomLink, CompletableFuture<Void>> presenceLoader = link -> CompletableFuture.completedFuture(null);

    ClusterRooms(ClusterTransport transport, Channels channels, LocalRoomBus local, EventEncoder encoder, MessageSource source,
                 ScheduledExecutorService timer, ClusterMetrics metrics) {
        this.transport = transport;
        this.channels = channels;
        this.local = local;
        this.encoder = encoder;
        this.source = source;
        this.timer = timer;
        this.metrics = metrics;
    }

    /** How a newly live room learns who is present on the other nodes; set once while wiring. */
    void presenceLoader(Function<RoomLink, CompletableFuture<Void>> loader) {
        this.presenceLoader = loader;
    }

    @Override
    public void opened(LiveRoom room, long lastSeqSeen) {
        RoomLink link = new RoomLink(room, new RoomSequencer(room, lastSeqSeen, local, encoder, source, timer, metrics));
        links.put(room.id(), link);
        // Subscribe before loading presence, so no presence change falls between the read and the subscription.
        CompletableFuture<Void> ready = transport.subscribe(List.of(channels.room(room.id())))
                .handle((ok, failure) -> {
                    if (failure != null) {
                        log.debug("subscribing to room {} failed (recovery resubscribes): {}", room.id(), failure.toString());
                    }
                    return null;
                })
                .thenCompose(ignored -> presenceLoader.apply(link));
        room.readyWhen(ready);
    }

    @Override
    public void entered(LiveRoom room, long lastSeqSeen) {
        RoomLink link = links.get(room.id());
        if (link != null && lastSeqSeen >= 0) {
            // The newcomer read the room's last seq from storage: if this node has not delivered that far, fill.
            link.sequencer().watermark(lastSeqSeen);
        }
    }

    @Override
    public void closed(LiveRoom room) {
        RoomLink link = links.get(room.id());
        if (link != null && link.room() == room) {
            links.remove(room.id(), link);
            link.sequencer().close();
            transport.unsubscribe(channels.room(room.id())).exceptionally(failure -> null);
        }
    }

    Optional<RoomLink> link(UUID roomId) {
        return Optional.ofNullable(links.get(roomId));
    }

    Collection<RoomLink> all() {
        return List.copyOf(links.values());
    }

    /** The channels this node should be subscribed to now: the control channel and every live room's. */
    List<String> channels() {
        List<String> names = new java.util.ArrayList<>(links.size() + 1);
        names.add(channels.control());
        for (UUID roomId : links.keySet()) {
            names.add(channels.room(roomId));
        }
        return names;
    }

    /**
     * After an outage: forget windows that may have missed edits, and read every live room's messages after the
     * last delivered one from storage.
     */
    void catchUpAll() {
        for (RoomLink link : all()) {
            link.room().recent().invalidate();
            link.sequencer().catchUp();
        }
    }
}
