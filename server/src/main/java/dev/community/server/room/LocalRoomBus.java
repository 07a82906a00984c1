package dev.community.server.room;

import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.buffer.ByteBuf;

/**
 * Delivers room events to the live rooms of this node only (single-node deployments). The cluster bus reuses its
 * encoding and delivery steps for what it hands to this node's members.
 */
public final class LocalRoomBus implements RoomBus {
    private final RoomRegistry registry;
    private final EventEncoder encoder;

    public LocalRoomBus(RoomRegistry registry, EventEncoder encoder) {
        this.registry = registry;
        this.encoder = encoder;
    }

    @Override
    public void messageStored(Message message, String clientId) {
        registry.find(message.roomId()).ifPresent(room -> deliverStored(room, message, encodeMessage(message, clientId)));
    }

    @Override
    public void publish(RoomEvent event) {
        registry.find(event.roomId()).ifPresent(room -> {
            Runnable tellNow = () -> deliverEvent(room, event.forModerators() != null ? event.forModerators()
                    : event.event(), encodeEvent(event));
            if (!announcePresence(room, event.event(), tellNow)) {
                tellNow.run();
            }
        });
    }

    /**
     * Hands a user_joined / user_left to the room's {@link PresenceAnnouncer}, which tells it now or sums it up.
     *
     * @return false when {@code event} is no presence event (the caller delivers it)
     */
    public static boolean announcePresence(LiveRoom room, ServerEvent event, Runnable tellNow) {
        boolean joined = event instanceof ServerEvent.UserJoined;
        if (!joined && !(event instanceof ServerEvent.UserLeft)) {
            return false;
        }
        var loop = room.anyLoop();
        if (loop == null) {
            return true;
        }
        User user = joined ? ((ServerEvent.UserJoined) event).user() : ((ServerEvent.UserLeft) event).user();
        room.announcer().changed(user, joined, tellNow, loop);
        return true;
    }

    /**
     * Appends a stored message to the room's recent window and fans it out; takes ownership of {@code delivery}.
     * Callers hand a room's messages over in seq order.
     */
    public static void deliverStored(LiveRoom room, Message message, Delivery delivery) {
        room.recent().append(message);
        room.deliver(delivery);
    }

    /**
     * Brings the recent window up to date with {@code unredacted} (the moderators' view of the event) and fans
     * {@code delivery} out; takes ownership of it.
     */
    public static void deliverEvent(LiveRoom room, ServerEvent unredacted, Delivery delivery) {
        if (unredacted instanceof ServerEvent.UserJoined || unredacted instanceof ServerEvent.UserLeft) {
            delivery.presence();
        }
        room.recent().apply(unredacted);
        room.deliver(delivery);
    }

    /**
     * The new_message delivery: everyone gets it without client_id, the author's connections with it. A message
     * stored hidden (content moderation) goes out with content "" to everyone, its author included, and whole
     * to moderators only.
     */
    public Delivery encodeMessage(Message message, String clientId) {
        return messageDelivery(message, encoder.encode(new ServerEvent.NewMessage(shownToMembers(message), null)), clientId);
    }

    /** A message as members below moderator may see it as it arrives: hidden content blanked. */
    public static Message shownToMembers(Message message) {
        return message.isHidden() ? message.redacted() : message;
    }

    /**
     * As {@link #encodeMessage}, around an already encoded standard copy (owned by the delivery from here on, and
     * already redacted when the message is hidden), so a message encoded once can also travel to other nodes.
     */
    public Delivery messageDelivery(Message message, ByteBuf standard, String clientId) {
        Message shown = shownToMembers(message);
        ByteBuf forAuthor = null;
        ByteBuf forModerators = null;
        try {
            forAuthor = clientId == null ? null
                    : encoder.newMessageForAuthor(standard, new ServerEvent.NewMessage(shown, clientId));
            forModerators = message.isHidden() ? encoder.encode(new ServerEvent.NewMessage(message, null)) : null;
        } catch (RuntimeException e) {
            standard.release();
            if (forAuthor != null) {
                forAuthor.release();
            }
            throw e;
        }
        return new Delivery(message.seq(), message.author().id(), false, standard, forAuthor, forModerators)
                .carrying(message);
    }

    public Delivery encodeEvent(RoomEvent event) {
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
