package dev.community.server.cluster;

import dev.community.protocol.JsonCodec;
import dev.community.server.ws.ControlRelay;
import dev.community.server.ws.SessionControl;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries bans, mutes, role changes, room settings, blocks and read markers made on this node to every other node over the control channel, and
 * applies theirs to this node's sessions, so a ban closes the user's sockets (4003) on every node at once. A change
 * Redis did not take is kept (up to {@link #MAX_UNSENT}) and sent after recovery.
 */
final class ClusterControlRelay implements ControlRelay {
    private static final Logger log = LoggerFactory.getLogger(ClusterControlRelay.class);
    /** Control changes kept while Redis is down; beyond this the oldest are dropped (and logged). */
    static final int MAX_UNSENT = 10_000;

    private final String nodeId;
    private final Channels channels;
    private final EnvelopePublisher publisher;
    private final JsonCodec json;
    private final ArrayDeque<Envelope> unsent = new ArrayDeque<>();
    private volatile SessionControl control;

    ClusterControlRelay(String nodeId, Channels channels, EnvelopePublisher publisher, JsonCodec json) {
        this.nodeId = nodeId;
        this.channels = channels;
        this.publisher = publisher;
        this.json = json;
    }

    /** The node's session control, which applies the other nodes' changes here. */
    void control(SessionControl sessionControl) {
        this.control = sessionControl;
    }

    @Override
    public void membershipChanged(UUID roomId, String userId, Membership updated) {
        send(new Envelope.Membership(nodeId, System.currentTimeMillis(), roomId, userId,
                updated == null ? null : json.writeBytes(updated)));
    }

    @Override
    public void blockChanged(String blocker, String blocked, boolean blocking) {
        send(new Envelope.Block(nodeId, System.currentTimeMillis(), blocker, blocked, blocking));
    }

    @Override
    public void roomChanged(RoomRecord updated) {
        send(new Envelope.RoomSettings(nodeId, System.currentTimeMillis(), updated.id(), json.writeBytes(updated)));
    }

    @Override
    public void readUpdated(String userId, UUID roomId, byte[] event) {
        send(new Envelope.ReadMarker(nodeId, System.currentTimeMillis(), roomId, userId, event));
    }

    /** Another node's membership change, applied to this node's sessions only. */
    void received(Envelope.Membership change) {
        Membership updated = change.membership() == null ? null
                : json.readValue(change.membership(), Membership.class);
        control.applyMembershipChange(change.roomId(), change.userId(), updated);
    }

    void received(Envelope.Block change) {
        control.applyBlockChange(change.blocker(), change.blocked(), change.blocking());
    }

    void received(Envelope.RoomSettings change) {
        control.applyRoomChange(json.readValue(change.room(), RoomRecord.class));
    }

    void received(Envelope.ReadMarker change) {
        // the marker itself travels inside the read_updated event (the envelope predates what admission holds)
        long lastReadSeq = json.readTree(change.event()).path("last_read_seq").asLong(-1);
        control.applyReadUpdate(change.userId(), change.roomId(), lastReadSeq, change.event(), null);
    }

    /** After recovery: what this node holds in memory may have missed the other nodes' changes meanwhile. */
    void recovered() {
        control.forgetHeld();
    }

    /** After recovery: the changes Redis did not take, in their order. */
    void sendUnsent() {
        List<Envelope> again;
        synchronized (unsent) {
            again = new ArrayList<>(unsent);
            unsent.clear();
        }
        again.forEach(this::send);
    }

    private void send(Envelope envelope) {
        publisher.publish(channels.control(), envelope).thenAccept(ok -> {
            if (ok) {
                return;
            }
            synchronized (unsent) {
                if (unsent.size() >= MAX_UNSENT) {
                    log.warn("dropping an unsent {} change: {} are waiting for Redis", envelope.kind(), MAX_UNSENT);
                    unsent.removeFirst();
                }
                unsent.addLast(envelope);
            }
        });
    }
}
