package dev.community.server.cluster;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import dev.community.server.room.Delivery;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Presence across the cluster, in the {@link PresenceStore} (on Redis: {@code community:presence:{room_id}}). A node counts a
 * user's connections to a room itself ({@link dev.community.server.room.LiveRoom}); when its first connection opens
 * or its last closes, the node records that in Redis, and only when no other node has the user does the cluster
 * emit user_joined / user_left, once, from this node: delivered here and carried to the others in a presence
 * envelope. Every node also refreshes its entries (every {@link #REFRESH_EVERY}); entries of a node that stopped
 * refreshing (it died) go stale after {@link #TTL}, and whoever refreshes next emits user_left for users no node
 * has any more.
 *
 * <p>While Redis does not answer, presence falls back to what this node sees (joins and leaves of its own
 * connections, to its own members); after recovery the node states its users again and sends on what it could not.
 */
final class ClusterPresence {
    private static final Logger log = LoggerFactory.getLogger(ClusterPresence.class);
    /** How long a node's presence entries live without a refresh: two minutes, as for presence everywhere. */
    static final Duration TTL = Duration.ofSeconds(120);
    /** How often a node restates its users: four refreshes per TTL, so one lost refresh expires nobody. */
    static final Duration REFRESH_EVERY = Duration.ofSeconds(30);

    private final PresenceStore store;
    private final Channels channels;
    private final String nodeId;
    private final EnvelopePublisher publisher;
    private final RoomRegistry registry;
    private final ClusterRooms rooms;
    private final EventEncoder encoder;
    private final JsonCodec json;
    private final ClusterMetrics metrics;
    /** Joins and leaves Redis did not record (it was down), to send on after recovery; keyed by room then user. */
    private final Map<UUID, Map<String, User>> unsentJoins = new ConcurrentHashMap<>();
    private final Map<UUID, Map<String, User>> unsentLeaves = new ConcurrentHashMap<>();

    ClusterPresence(PresenceStore store, Channels channels, String nodeId, EnvelopePublisher publisher, RoomRegistry registry,
                    ClusterRooms rooms, EventEncoder encoder, ClusterMetrics metrics) {
        this.store = store;
        this.channels = channels;
        this.nodeId = nodeId;
        this.publisher = publisher;
        this.registry = registry;
        this.rooms = rooms;
        this.encoder = encoder;
        this.json = encoder.codec();
        this.metrics = metrics;
    }

    /** The user's first connection to the room on this node (a user_joined the session published). */
    void joined(RoomEvent event, User user) {
        UUID roomId = event.roomId();
        CompletableFuture<Boolean> first;
        synchronized (lockFor(roomId)) {
            first = store.enter(roomId, user, nodeId, TTL);
        }
        first.whenComplete((result, failure) -> {
            if (failure != null) {
                metrics.fallback("presence");
                forget(unsentLeaves, roomId, user.id());
                unsentJoins.computeIfAbsent(roomId, r -> new ConcurrentHashMap<>()).put(user.id(), user);
                deliverLocally(roomId, user, true, json.encode(event.event()));
                return;
            }
            byte[] clientEvent = result ? json.encode(event.event()) : null;
            if (clientEvent != null) {
                deliverLocally(roomId, user, true, clientEvent);
            }
            publisher.publish(channels.room(roomId),
                    new Envelope.Presence(nodeId, System.currentTimeMillis(), roomId, user, true, false, clientEvent));
        });
    }

    /** The user's last connection to the room on this node closed (a user_left the session published). */
    void left(RoomEvent event, User user) {
        leave(event.roomId(), user, true);
    }

    private void leave(UUID roomId, User user, boolean deliverHere) {
        CompletableFuture<Boolean> last;
        synchronized (lockFor(roomId)) {
            last = store.leave(roomId, user.id(), nodeId, TTL);
        }
        last.whenComplete((result, failure) -> {
            byte[] userLeft = json.encode(new ServerEvent.UserLeft(user));
            if (failure != null) {
                metrics.fallback("presence");
                forget(unsentJoins, roomId, user.id());
                unsentLeaves.computeIfAbsent(roomId, r -> new ConcurrentHashMap<>()).put(user.id(), user);
                if (deliverHere) {
                    deliverLocally(roomId, user, false, userLeft);
                }
                return;
            }
            byte[] clientEvent = result ? userLeft : null;
            if (clientEvent != null && deliverHere) {
                deliverLocally(roomId, user, false, clientEvent);
            }
            publisher.publish(channels.room(roomId),
                    new Envelope.Presence(nodeId, System.currentTimeMillis(), roomId, user, false, false, clientEvent));
        });
    }

    /**
     * States this node's users of the room in Redis and reloads the room's view of the other nodes; completes
     * (never exceptionally) when done or failed.
     */
    CompletableFuture<Void> refresh(RoomLink link) {
        UUID roomId = link.room().id();
        CompletableFuture<PresenceStore.Refreshed> result;
        synchronized (link.presenceLock()) {
            result = store.refresh(roomId, link.room().localUsers(), nodeId, TTL);
        }
        return result.handle((refreshed, failure) -> {
            if (failure != null) {
                log.debug("presence refresh of room {} failed: {}", roomId, failure.toString());
                return null;
            }
            applyRefresh(link, refreshed);
            return null;
        });
    }

    /** Refreshes every live room, then sends on the joins and leaves Redis missed while it was down. */
    CompletableFuture<Void> refreshAll() {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (RoomLink link : rooms.all()) {
            all.add(refresh(link));
        }
        return CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenRun(this::sendUnsent);
    }

    /** A presence envelope of another node. */
    void received(Envelope.Presence presence) {
        rooms.link(presence.roomId()).ifPresent(link -> {
            if (presence.gone()) {
                link.view().gone(presence.user().id());
            } else if (presence.present()) {
                link.view().present(presence.user(), presence.nodeId());
            } else {
                link.view().absent(presence.user().id(), presence.nodeId());
            }
        });
        if (presence.clientEvent() != null) {
            deliverLocally(presence.roomId(), presence.user(), presence.present() && !presence.gone(),
                    presence.clientEvent());
        }
    }

    private void applyRefresh(RoomLink link, PresenceStore.Refreshed refreshed) {
        link.view().replace(refreshed.elsewhere());
        UUID roomId = link.room().id();
        for (User user : refreshed.gone()) {
            byte[] userLeft = json.encode(new ServerEvent.UserLeft(user));
            deliverLocally(roomId, user, false, userLeft);
            publisher.publish(channels.room(roomId),
                    new Envelope.Presence(nodeId, System.currentTimeMillis(), roomId, user, false, true, userLeft));
        }
    }

    /**
     * After recovery: a join Redis missed reaches the other nodes' members (unless the user is present elsewhere
     * after all), a leave Redis missed is recorded (unless the user came back here); this node's members heard of
     * both already.
     */
    private void sendUnsent() {
        Map<UUID, Map<String, User>> joins = drain(unsentJoins);
        Map<UUID, Map<String, User>> leaves = drain(unsentLeaves);
        joins.forEach((roomId, users) -> users.values().forEach(user -> {
            boolean here = registry.find(roomId).map(room -> room.isPresent(user.id())).orElse(false);
            boolean elsewhere = rooms.link(roomId).map(link -> link.view().isPresent(user.id())).orElse(false);
            if (here && !elsewhere) {
                publisher.publish(channels.room(roomId), new Envelope.Presence(nodeId, System.currentTimeMillis(),
                        roomId, user, true, false, json.encode(new ServerEvent.UserJoined(user))));
            }
        }));
        leaves.forEach((roomId, users) -> users.values().forEach(user -> {
            boolean here = registry.find(roomId).map(room -> room.isPresent(user.id())).orElse(false);
            if (!here) {
                leave(roomId, user, false);
            }
        }));
    }

    /**
     * A cluster-wide join or leave ({@code clientEvent} its user_joined / user_left), for this node's members of the
     * room: told now while the room is small, summed up per tick when it is large (the room's announcer decides).
     */
    private void deliverLocally(UUID roomId, User user, boolean joined, byte[] clientEvent) {
        registry.find(roomId).ifPresent(room -> {
            var loop = room.anyLoop();
            if (loop != null) {
                room.announcer().changed(user, joined, () ->
                        room.deliver(new Delivery(0, user.id(), true, encoder.copy(clientEvent), null, null).presence()),
                        loop);
            }
        });
    }

    private Object lockFor(UUID roomId) {
        return rooms.link(roomId).map(RoomLink::presenceLock).orElse(this);
    }

    private static void forget(Map<UUID, Map<String, User>> unsent, UUID roomId, String userId) {
        Map<String, User> users = unsent.get(roomId);
        if (users != null) {
            users.remove(userId);
        }
    }

    private static Map<UUID, Map<String, User>> drain(Map<UUID, Map<String, User>> unsent) {
        Map<UUID, Map<String, User>> copy = new HashMap<>();
        for (UUID roomId : List.copyOf(unsent.keySet())) {
            Map<String, User> users = unsent.remove(roomId);
            if (users != null && !users.isEmpty()) {
                copy.put(roomId, users);
            }
        }
        return copy;
    }
}
