package dev.community.server.cluster;

import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.server.room.Delivery;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.LocalRoomBus;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands one live room's stored messages to its members in seq order, exactly once, whichever node stored them.
 *
 * <p>Messages arrive from this node's writer (in seq order among themselves) and from other nodes through Redis
 * (in order per node, interleaved across nodes, and possibly lost). The next seq is delivered at once; a later one
 * is held for {@link #GAP_WAIT} in case the earlier one is still on its way, then the gap is read from storage.
 * Storage is the truth: a seq it does not have once a later one is committed was never stored (a hole) and is
 * skipped. A room's seqs come from its row in one transaction, so once seq n is committed every stored seq below
 * n is readable.
 *
 * <p>The sequencer starts at the room's last seq as read before the room went live on this node: every session
 * of the room builds its room_state from a later read, so it already has everything up to there, and
 * {@link dev.community.server.ws.RoomSession} drops deliveries it already holds.
 *
 * <p>Thread-safe: offers come from the room's writer lane and Lettuce's threads, fills complete on the blocking
 * executor, timers fire on the cluster timer. Everything happens under this object's lock, which is never held
 * across a wait; {@link LiveRoom#deliver} only queues tasks on the members' event loops, in order.
 */
final class RoomSequencer {
    private static final Logger log = LoggerFactory.getLogger(RoomSequencer.class);
    /**
     * How long a later seq waits for an earlier one before storage is asked. Cross-node reordering through Redis
     * is normally under a millisecond on one network; this covers a busy node's pauses without making a real
     * loss (Redis restarted, a subscription dropped) cost the room's members more than this.
     */
    static final Duration GAP_WAIT = Duration.ofMillis(50);
    /** Messages per storage read while filling; a longer gap takes several reads, delivered as they come. */
    static final int FILL_BATCH = 500;
    /** After a failed read (storage down) the fill is tried again this much later. */
    static final Duration FILL_RETRY = Duration.ofSeconds(1);
    /** Seqs remembered as delivered from storage, so their sender's acknowledgement can still follow. */
    private static final int FILLED_MEMORY = 256;

    /** A stored message as it reached this node: its client-ready JSON if it came encoded, the sender's client_id. */
    record Pending(Message message, byte[] standard, String clientId) {
        long seq() {
            return message.seq();
        }
    }

    private final LiveRoom room;
    private final LocalRoomBus local;
    private final EventEncoder encoder;
    private final MessageSource source;
    private final ScheduledExecutorService timer;
    private final ClusterMetrics metrics;
    private final TreeMap<Long, Pending> held = new TreeMap<>();
    private final ArrayDeque<Long> filledWithoutClientId = new ArrayDeque<>();
    private boolean anchored;
    private long lastDelivered;
    /** The highest seq known to be committed (delivered, held, or announced by a watermark). */
    private long known;
    private ScheduledFuture<?> gapTimer;
    private boolean filling;
    private boolean fillAgain;
    private boolean wanted;
    private boolean closed;

    /** @param lastSeqSeen the room's last seq read before it went live here; -1 = unknown (start at the first offer) */
    RoomSequencer(LiveRoom room, long lastSeqSeen, LocalRoomBus local, EventEncoder encoder, MessageSource source,
                  ScheduledExecutorService timer, ClusterMetrics metrics) {
        this.room = room;
        this.local = local;
        this.encoder = encoder;
        this.source = source;
        this.timer = timer;
        this.metrics = metrics;
        this.anchored = lastSeqSeen >= 0;
        this.lastDelivered = Math.max(0, lastSeqSeen);
        this.known = lastDelivered;
    }

    /** A stored message, from this node's writer or another node. */
    synchronized void offer(Pending pending) {
        if (closed) {
            return;
        }
        long seq = pending.seq();
        if (!anchored) {
            anchored = true;
            lastDelivered = seq - 1;
            known = lastDelivered;
        }
        if (seq <= lastDelivered) {
            lateAcknowledgement(pending);
            return;
        }
        known = Math.max(known, seq);
        if (seq == lastDelivered + 1) {
            deliver(pending, false);
            drainHeld();
        } else {
            Pending previous = held.get(seq);
            if (previous == null) {
                metrics.held();
                held.put(seq, pending);
            } else if (previous.clientId() == null && pending.clientId() != null) {
                held.put(seq, pending);
            }
        }
        armOrDisarm();
    }

    /** Messages up to {@code seq} are committed: anything not delivered yet is filled after {@link #GAP_WAIT}. */
    synchronized void watermark(long seq) {
        if (closed || !anchored || seq <= known) {
            return;
        }
        known = seq;
        armOrDisarm();
    }

    /** Reads storage now for anything after the last delivered seq (after an outage, when nothing says what). */
    synchronized void catchUp() {
        if (closed || !anchored) {
            return;
        }
        if (filling) {
            fillAgain = true;
        } else {
            wanted = true;
            startFill();
        }
    }

    synchronized long lastDelivered() {
        return lastDelivered;
    }

    synchronized void close() {
        closed = true;
        cancelTimer();
        held.clear();
    }

    private boolean gap() {
        return !held.isEmpty() || known > lastDelivered;
    }

    private void armOrDisarm() {
        if (!gap() && !wanted) {
            cancelTimer();
        } else if (gapTimer == null && !filling) {
            gapTimer = schedule(GAP_WAIT);
        }
    }

    private synchronized void timerFired() {
        gapTimer = null;
        if (!closed && !filling && (gap() || wanted)) {
            startFill();
        }
    }

    private ScheduledFuture<?> schedule(Duration delay) {
        try {
            return timer.schedule(this::timerFired, delay.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException nodeClosing) {
            return null;
        }
    }

    private void cancelTimer() {
        if (gapTimer != null) {
            gapTimer.cancel(false);
            gapTimer = null;
        }
    }

    private void startFill() {
        cancelTimer();
        filling = true;
        wanted = false;
        metrics.gapFill();
        read(lastDelivered, known);
    }

    private void read(long after, long target) {
        source.after(room.id(), after, FILL_BATCH)
                .whenComplete((batch, failure) -> filled(after, target, batch, failure));
    }

    /**
     * One storage read came back: deliver what it holds in order (preferring the copy that reached this node with
     * its client_id), read on while batches come back full, then skip what storage proved was never stored.
     */
    private synchronized void filled(long after, long target, List<Message> batch, Throwable failure) {
        if (closed) {
            return;
        }
        if (failure != null) {
            filling = false;
            wanted = true;
            metrics.fillFailed();
            log.debug("gap fill for room {} failed: {}", room.id(), failure.toString());
            gapTimer = schedule(FILL_RETRY);
            return;
        }
        int repaired = 0;
        for (Message message : batch) {
            if (message.seq() <= lastDelivered) {
                continue;
            }
            deliverHeldBelow(message.seq());
            if (message.seq() > lastDelivered + 1) {
                // storage skips these seqs although a later one is committed: they were never stored
                metrics.holes(message.seq() - lastDelivered - 1);
            }
            Pending arrived = held.remove(message.seq());
            if (arrived != null) {
                deliver(arrived, false);
            } else {
                deliver(new Pending(message, null, null), true);
                repaired++;
            }
        }
        metrics.repaired(repaired);
        if (batch.size() == FILL_BATCH) {
            read(lastDelivered, target);
            return;
        }
        // Everything up to the newest seq read, and up to what was known committed when the read began, is settled.
        long settled = Math.max(batch.isEmpty() ? after : batch.get(batch.size() - 1).seq(), target);
        deliverHeldBelow(settled + 1);
        if (settled > lastDelivered) {
            metrics.holes(settled - lastDelivered);
            lastDelivered = settled;
        }
        drainHeld();
        filling = false;
        if (fillAgain) {
            fillAgain = false;
            wanted = true;
            startFill();
        } else {
            armOrDisarm();
        }
    }

    /** Delivers held messages below {@code seq} (storage should have returned them; never reorder if it did not). */
    private void deliverHeldBelow(long seq) {
        while (!held.isEmpty() && held.firstKey() < seq) {
            Pending next = held.pollFirstEntry().getValue();
            if (next.seq() > lastDelivered) {
                deliver(next, false);
            }
        }
    }

    private void drainHeld() {
        while (!held.isEmpty()) {
            Map.Entry<Long, Pending> first = held.firstEntry();
            if (first.getKey() <= lastDelivered) {
                held.pollFirstEntry();
            } else if (first.getKey() == lastDelivered + 1) {
                held.pollFirstEntry();
                deliver(first.getValue(), false);
            } else {
                return;
            }
        }
    }

    private void deliver(Pending pending, boolean fromStorage) {
        Message message = pending.message();
        lastDelivered = message.seq();
        try {
            ByteBuf standard = pending.standard() != null
                    ? encoder.copy(pending.standard())
                    : encoder.encode(new ServerEvent.NewMessage(LocalRoomBus.shownToMembers(message), null));
            LocalRoomBus.deliverStored(room, message, local.messageDelivery(message, standard, pending.clientId()));
        } catch (RuntimeException e) {
            log.error("could not deliver message seq {} of room {}", message.seq(), room.id(), e);
        }
        if (fromStorage) {
            filledWithoutClientId.addLast(message.seq());
            if (filledWithoutClientId.size() > FILLED_MEMORY) {
                filledWithoutClientId.removeFirst();
            }
        }
    }

    /**
     * The sender's own copy of a message that was already delivered from storage (without its client_id) reached
     * us after all: the sender's connections still get the acknowledgement the contract promises.
     */
    private void lateAcknowledgement(Pending pending) {
        if (pending.clientId() == null || !filledWithoutClientId.remove(pending.seq())) {
            return;
        }
        Message message = pending.message();
        try {
            ByteBuf ack = encoder.encode(new ServerEvent.NewMessage(LocalRoomBus.shownToMembers(message), pending.clientId()));
            room.deliver(Delivery.forActorOnly(message.author().id(), ack));
        } catch (RuntimeException e) {
            log.error("could not acknowledge message seq {} of room {}", message.seq(), room.id(), e);
        }
    }
}
