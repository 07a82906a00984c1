package dev.community.server.ws;

import dev.community.protocol.Message;
import dev.community.server.room.Delivery;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.Member;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.UUID;

/**
 * One of a user's rooms as their stream watches it without a subscription: a member of the live room (so every
 * node that holds a stream of one of the room's members hears the room's messages, also in a cluster) that writes
 * nothing of the room's traffic itself. Of each stored message it keeps the user's counts (what the store counts
 * as unread: newer than the read marker, not mine, not deleted, not by someone I block; mentions among them) and
 * hands the stream a {@code mentioned} and a throttled {@code room_activity}. State confined to the stream's loop.
 */
final class RoomWatch implements Member {
    private final StreamSessionHandler stream;
    private final LiveRoom live;
    private RoomRecord room;
    private Membership membership;
    private long lastSeq;
    private long lastReadSeq;
    private long unreadCount;
    private long unreadMentions;
    /** The activity timer: armed while a room_activity was sent less than the throttle ago. */
    private ScheduledFuture<?> throttle;
    private boolean activityOwed;

    RoomWatch(StreamSessionHandler stream, LiveRoom live, RoomRecord room, Membership membership, ReadMarker marker) {
        this.stream = stream;
        this.live = live;
        this.room = room;
        this.membership = membership;
        this.lastSeq = room.lastSeq();
        this.lastReadSeq = marker == null ? room.lastSeq() : marker.lastReadSeq();
        this.unreadCount = marker == null ? 0 : marker.unreadCount();
        this.unreadMentions = marker == null ? 0 : marker.unreadMentions();
    }

    UUID roomId() {
        return room.id();
    }

    LiveRoom live() {
        return live;
    }

    StreamSessionHandler stream() {
        return stream;
    }

    RoomRecord room() {
        return room;
    }

    void room(RoomRecord updated) {
        this.room = updated;
    }

    Membership membership() {
        return membership;
    }

    void membership(Membership updated) {
        this.membership = updated;
    }

    long lastSeq() {
        return lastSeq;
    }

    /** The user's read marker and counts as this watch keeps them. */
    ReadMarker marker() {
        return new ReadMarker(lastReadSeq, unreadCount, unreadMentions);
    }

    @Override
    public Channel channel() {
        return stream.channel();
    }

    @Override
    public String userId() {
        return stream.userId();
    }

    /** A DM (1:1 or group): its presence is told on the stream without a subscription. */
    boolean isDirect() {
        return room.roomType().isDirect();
    }

    @Override
    public boolean deliver(Delivery delivery) {
        if (delivery.isPresence()) {
            return isDirect() && stream.forwardPresence(this, delivery);
        }
        Message message = delivery.message();
        if (message == null || message.seq() <= lastSeq) {
            return false;
        }
        lastSeq = message.seq();
        String author = message.author().id();
        boolean counts = !author.equals(userId()) && !message.isDeleted() && !stream.blocks(author)
                && message.seq() > lastReadSeq;
        if (counts) {
            unreadCount++;
            if (message.mentions().contains(userId())) {
                unreadMentions++;
                stream.mentioned(this, message);
            }
        }
        activity();
        return false;
    }

    /** My read marker moved (on another device, or REST): the counts as the store computed them. */
    void read(long readSeq, long unread) {
        if (readSeq < lastReadSeq) {
            return;
        }
        lastReadSeq = readSeq;
        unreadCount = unread;
        // the store's read_updated carries no mention count: none is left once nothing is unread, else at most
        // as many as are unread
        unreadMentions = Math.min(unreadMentions, unread);
    }

    /** room_activity now, or at the end of the throttle's second when one went out less than a second ago. */
    private void activity() {
        if (throttle != null) {
            activityOwed = true;
            return;
        }
        stream.activity(this);
        arm();
    }

    private void arm() {
        throttle = channel().eventLoop().schedule(() -> {
            throttle = null;
            if (activityOwed && stream.watching(this)) {
                activityOwed = false;
                stream.activity(this);
                arm();
            }
        }, stream.activityThrottleMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The watch ends (room left, stream closed): no activity is owed any more. */
    void stop() {
        if (throttle != null) {
            throttle.cancel(false);
            throttle = null;
        }
    }
}
