package dev.community.server.room;

import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import io.netty.buffer.ByteBuf;

/** Delivers room events to the live rooms of this node only (single-node deployments). */
public final class LocalRoomBus implements RoomBus {
    private final RoomRegistry registry;
    private final EventEncoder encoder;

    public LocalRoomBus(RoomRegistry registry, EventEncoder encoder) {
        this.registry = registry;
        this.encoder = encoder;
    }

    @Override
    public void messageStored(Message message, String clientId) {
        registry.find(message.roomId()).ifPresent(room -> {
            room.recent().append(message);
            room.deliver(encodeMessage(message, clientId));
        });
    }

    @Override
    public void publish(RoomEvent event) {
        registry.find(event.roomId()).ifPresent(room -> room.deliver(encodeEvent(event)));
    }

    /**
     * The new_message delivery: everyone gets it without client_id, the author's connections with it. A message
     * stored hidden (content moderation) goes out with content "" to everyone, its author included, and whole
     * to moderators only.
     */
    Delivery encodeMessage(Message message, String clientId) {
        Message shown = message.isHidden() ? message.redacted() : message;
        ByteBuf standard = encoder.encode(new ServerEvent.NewMessage(shown, null));
        ByteBuf forAuthor = null;
        ByteBuf forModerators = null;
        try {
            forAuthor = clientId == null ? null : encoder.encode(new ServerEvent.NewMessage(shown, clientId));
            forModerators = message.isHidden() ? encoder.encode(new ServerEvent.NewMessage(message, null)) : null;
        } catch (RuntimeException e) {
            standard.release();
            if (forAuthor != null) {
                forAuthor.release();
            }
            throw e;
        }
        return new Delivery(message.seq(), message.author().id(), false, standard, forAuthor, forModerators);
    }

    Delivery encodeEvent(RoomEvent event) {
        ByteBuf standard = encoder.encode(event.event());
        ByteBuf forModerators = null;
        try {
            forModerators = event.forModerators() == null ? null : encoder.encode(event.forModerators());
        } catch (RuntimeException e) {
            standard.release();
            throw e;
        }
        return new Delivery(0, event.actorId(), event.excludeActor(), standard, null, forModerators);
    }
}
