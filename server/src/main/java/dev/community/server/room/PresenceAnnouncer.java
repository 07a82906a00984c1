package dev.community.server.room;

import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * What a room's members on this node hear about who comes and goes, at a cost linear in the room's size. Up to
 * {@code listLimit} people online, every join and leave is told as it happens (user_joined / user_left, as the
 * original contract says). Above it, telling each of N members about each of N arrivals would cost N² frames, so
 * arrivals and departures are collected and told as one {@code presence} summary per tick: one frame per member
 * per tick however many came. A person who comes and goes within one tick is not told at all.
 */
public final class PresenceAnnouncer {
    private final LiveRoom room;
    private final int listLimit;
    private final long tickNanos;
    private final Consumer<ServerEvent> deliver;
    /** Net changes since the last summary, by user id: true = arrived, false = departed (guarded by this). */
    private final Map<String, Change> pending = new LinkedHashMap<>();
    private boolean armed;

    /**
     * @param deliver hands an event to every member of the room on this node (encoded once, fanned out)
     */
    PresenceAnnouncer(LiveRoom room, int listLimit, Duration tick, Consumer<ServerEvent> deliver) {
        this.room = room;
        this.listLimit = listLimit;
        this.tickNanos = tick.toNanos();
        this.deliver = deliver;
    }

    /**
     * A person arrived ({@code joined}) or left; {@code tellNow} delivers the per-person event when the room is small
     * enough for it. {@code timer} runs the summary's tick.
     */
    public void changed(User user, boolean joined, Runnable tellNow, EventExecutor timer) {
        if (room.onlineEstimate() <= listLimit && !collecting()) {
            tellNow.run();
            return;
        }
        synchronized (this) {
            Change previous = pending.get(user.id());
            if (previous != null && previous.joined != joined) {
                pending.remove(user.id());
            } else {
                pending.put(user.id(), new Change(user, joined));
            }
            if (armed) {
                return;
            }
            armed = true;
        }
        try {
            timer.schedule(this::tick, tickNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            synchronized (this) {
                armed = false;
            }
        }
    }

    /** While a summary is being collected every change joins it, so nothing is told out of order. */
    private synchronized boolean collecting() {
        return armed;
    }

    private void tick() {
        List<User> joined = new ArrayList<>();
        List<User> left = new ArrayList<>();
        boolean complete = true;
        synchronized (this) {
            armed = false;
            for (Change change : pending.values()) {
                List<User> list = change.joined ? joined : left;
                if (list.size() < listLimit) {
                    list.add(change.user);
                } else {
                    complete = false;
                }
            }
            pending.clear();
        }
        if (!joined.isEmpty() || !left.isEmpty() || !complete) {
            room.presenceTold();
            deliver.accept(new ServerEvent.Presence(room.onlineCount(), joined, left, complete));
        }
    }

    private record Change(User user, boolean joined) {
    }
}
