package dev.community.server.ws;

import dev.community.server.Blocking;
import dev.community.storage.MembershipRepository;
import dev.community.storage.MembershipRepository.ReadMarker;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes read markers sent by sockets ({@code mark_read}) at most once per {@link #MIN_INTERVAL} per user and
 * room, the newest marker winning: a client that marks every message it sees (or a flood of mark_read frames)
 * costs one database write a second. The first mark after a quiet second is written at once; later ones are
 * merged (the highest seq) and written when the second is over. After each write {@code written} is told, so
 * the user's other connections hear {@code read_updated}. The sender gets no answer, as before.
 */
public final class ReadMarkWriter {
    /** The least time between two writes of one user's marker in one room. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(ReadMarkWriter.class);

    private final MembershipRepository memberships;
    private final Blocking blocking;
    private final BiConsumer<Mark, ReadMarker> written;
    private final long intervalNanos = MIN_INTERVAL.toNanos();
    private final Map<Key, Slot> slots = new ConcurrentHashMap<>();

    /**
     * @param written told (on a blocking thread) of each marker written, with the mark that carried it
     */
    public ReadMarkWriter(MembershipRepository memberships, Blocking blocking,
                          BiConsumer<Mark, ReadMarker> written) {
        this.memberships = memberships;
        this.blocking = blocking;
        this.written = written;
    }

    /**
     * A connection's mark_read.
     *
     * @param from  the connection that sent it (its other connections are told, not this one)
     * @param timer runs the deferred write
     */
    public void mark(UUID roomId, String userId, long seq, RoomSession from, EventExecutor timer) {
        Key key = new Key(roomId, userId);
        while (true) {
            Slot slot = slots.computeIfAbsent(key, k -> new Slot(timer));
            synchronized (slot) {
                if (slot.forgotten) {
                    continue;
                }
                if (slot.pending == null || seq > slot.pending.seq()) {
                    slot.pending = new Mark(roomId, userId, seq, from);
                }
                advance(key, slot);
                return;
            }
        }
    }

    /** Markers waiting or being written (for tests and the idle check: a quiet user is forgotten). */
    int tracked() {
        return slots.size();
    }

    /** Starts the write that is due, arms the one that is not yet, or forgets an idle slot. Holds the slot's lock. */
    private void advance(Key key, Slot slot) {
        if (slot.writing || slot.armed) {
            return;
        }
        long wait = slot.everWritten ? slot.lastWrite + intervalNanos - slot.timer.ticker().nanoTime() : 0;
        if (wait > 0) {
            slot.armed = true;
            try {
                slot.timer.schedule(() -> {
                    synchronized (slot) {
                        slot.armed = false;
                        advance(key, slot);
                    }
                }, wait, TimeUnit.NANOSECONDS);
            } catch (RejectedExecutionException shuttingDown) {
                slot.armed = false;
            }
            return;
        }
        if (slot.pending == null) {
            slot.forgotten = true;
            slots.remove(key, slot);
            return;
        }
        Mark mark = slot.pending;
        slot.pending = null;
        slot.writing = true;
        slot.everWritten = true;
        slot.lastWrite = slot.timer.ticker().nanoTime();
        blocking.supply(() -> memberships.markRead(mark.roomId(), mark.userId(), mark.seq()))
                .whenComplete((marker, failure) -> {
                    if (failure != null) {
                        log.debug("read marker of {} in room {} not written: {}", mark.userId(), mark.roomId(),
                                failure.toString());
                    } else {
                        written.accept(mark, marker);
                    }
                    synchronized (slot) {
                        slot.writing = false;
                        advance(key, slot);
                    }
                });
    }

    /** One mark_read: which connection sent which seq for which user and room. */
    public record Mark(UUID roomId, String userId, long seq, RoomSession from) {
    }

    private record Key(UUID roomId, String userId) {
    }

    /** One user's marker in one room on this node. Guarded by its own monitor. */
    private static final class Slot {
        final EventExecutor timer;
        Mark pending;
        boolean writing;
        boolean armed;
        boolean everWritten;
        boolean forgotten;
        long lastWrite;

        Slot(EventExecutor timer) {
            this.timer = timer;
        }
    }
}
