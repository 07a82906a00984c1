package dev.community.server.cluster;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.server.room.Delivery;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.LocalRoomBus;
import dev.community.server.room.RoomBus;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomRegistry;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's room bus: every event is encoded once, delivered to this node's members, and published once to
 * the room's channel; the other nodes with members in the room deliver it to theirs. Stored messages go through
 * the room's {@link RoomSequencer} here and on every receiving node, so each node delivers them in seq order.
 * user_joined / user_left go through {@link ClusterPresence}, which lets each through once for the whole cluster.
 *
 * <p>When a message's publication fails (Redis down) the room is remembered with its seq; after recovery a
 * watermark tells the other nodes to read what they missed from storage.
 */
final class ClusterRoomBus implements RoomBus {
    private static final Logger log = LoggerFactory.getLogger(ClusterRoomBus.class);
    /** Window-changing events: a receiving node decodes these to keep its recent-message window current. */
    private static final Set<String> WINDOW_EVENTS = Set.of("message_updated", "message_deleted", "reactions_updated",
            "message_pinned", "message_unpinned");

    private final String nodeId;
    private final Channels channels;
    private final RoomRegistry registry;
    private final ClusterRooms rooms;
    private final ClusterPresence presence;
    private final EventEncoder encoder;
    private final JsonCodec json;
    private final EnvelopePublisher publisher;
    private final ClusterMetrics metrics;
    private final Map<UUID, Long> unpublished = new ConcurrentHashMap<>();

    ClusterRoomBus(String nodeId, Channels channels, RoomRegistry registry, ClusterRooms rooms, ClusterPresence presence,
                 EventEncoder encoder, EnvelopePublisher publisher, ClusterMetrics metrics) {
        this.nodeId = nodeId;
        this.channels = channels;
        this.registry = registry;
        this.rooms = rooms;
        this.presence = presence;
        this.encoder = encoder;
        this.json = encoder.codec();
        this.publisher = publisher;
        this.metrics = metrics;
    }

    @Override
    public void messageStored(Message message, String clientId) {
        byte[] standard = json.encode(new ServerEvent.NewMessage(LocalRoomBus.shownToMembers(message), null));
        UUID roomId = message.roomId();
        rooms.link(roomId).ifPresent(link ->
                link.sequencer().offer(new RoomSequencer.Pending(message, standard, clientId)));
        publisher.publish(channels.room(roomId), new Envelope.Stored(nodeId, System.currentTimeMillis(), roomId,
                message.seq(), clientId, standard)).thenAccept(ok -> {
                    if (!ok) {
                        unpublished.merge(roomId, message.seq(), Math::max);
                    }
                });
    }

    @Override
    public void publish(RoomEvent event) {
        if (event.event() instanceof ServerEvent.UserJoined joined) {
            presence.joined(event, joined.user());
            return;
        }
        if (event.event() instanceof ServerEvent.UserLeft left) {
            presence.left(event, left.user());
            return;
        }
        byte[] standard = json.encode(event.event());
        byte[] forModerators = event.forModerators() == null ? null : json.encode(event.forModerators());
        ServerEvent unredacted = event.forModerators() != null ? event.forModerators() : event.event();
        registry.find(event.roomId()).ifPresent(room -> LocalRoomBus.deliverEvent(room, unredacted,
                delivery(event.actorId(), event.excludeActor(), standard, forModerators)));
        publisher.publish(channels.room(event.roomId()), new Envelope.Event(nodeId, System.currentTimeMillis(),
                event.roomId(), event.event().event(), event.actorId(), event.excludeActor(), standard, forModerators));
    }

    /** A stored message of another node. */
    void received(Envelope.Stored stored) {
        rooms.link(stored.roomId()).ifPresent(link -> {
            Message message = ((ServerEvent.NewMessage) json.decodeServerEvent(stored.newMessage())).message();
            metrics.hop(System.currentTimeMillis() - stored.publishedAt());
            link.sequencer().offer(new RoomSequencer.Pending(message, stored.newMessage(), stored.clientId()));
        });
    }

    /** Another room event of another node: its bytes go out as they came, encoded once by the publisher. */
    void received(Envelope.Event event) {
        registry.find(event.roomId()).ifPresent(room -> {
            Delivery delivery = delivery(event.actorId(), event.excludeActor(), event.standard(), event.forModerators());
            if (WINDOW_EVENTS.contains(event.name())) {
                byte[] unredacted = event.forModerators() != null ? event.forModerators() : event.standard();
                deliverUpdating(room, unredacted, delivery);
            } else {
                room.deliver(delivery);
            }
        });
    }

    /** Another node says the room's messages up to a seq are stored. */
    void received(Envelope.Watermark watermark) {
        rooms.link(watermark.roomId()).ifPresent(link -> link.sequencer().watermark(watermark.seq()));
    }

    /** After recovery: a watermark for every room whose messages this node could not publish. */
    void publishWatermarks() {
        for (UUID roomId : Set.copyOf(unpublished.keySet())) {
            Long seq = unpublished.remove(roomId);
            if (seq != null) {
                publisher.publish(channels.room(roomId), new Envelope.Watermark(nodeId, System.currentTimeMillis(),
                        roomId, seq)).thenAccept(ok -> {
                            if (!ok) {
                                unpublished.merge(roomId, seq, Math::max);
                            }
                        });
            }
        }
    }

    private void deliverUpdating(LiveRoom room, byte[] unredacted, Delivery delivery) {
        ServerEvent decoded;
        try {
            decoded = json.decodeServerEvent(unredacted);
        } catch (RuntimeException e) {
            log.warn("a {} event from another node could not be decoded; delivered without updating the window",
                    room.id(), e);
            room.deliver(delivery);
            return;
        }
        LocalRoomBus.deliverEvent(room, decoded, delivery);
    }

    private Delivery delivery(String actorId, boolean excludeActor, byte[] standard, byte[] forModerators) {
        return new Delivery(0, actorId, excludeActor, encoder.copy(standard), null,
                forModerators == null ? null : encoder.copy(forModerators));
    }
}
