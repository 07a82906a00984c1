package dev.community.server.room;

import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Who is typing in one room, and what the others are told. The others hear a user's indicator only when it
 * changes, and at most once per {@link #MIN_INTERVAL} however many frames the user sends (a change within the
 * interval is announced at its end, if it still holds): a typing flood costs the room nothing.
 *
 * <p>The server clears an indicator itself when the user's last {@code true} is older than the timeout, when
 * they send a message, or when they leave, so a client that vanishes mid-word never leaves "is typing…" on screen.
 * One timer per typing user, re-armed rather than rescheduled on every frame; time is the timer loop's ticker.
 */
public final class TypingTracker {
    /** The least time between two typing events about one user in one room. */
    public static final Duration MIN_INTERVAL = Duration.ofSeconds(1);

    private final UUID roomId;
    private final RoomBus bus;
    private final long timeoutNanos;
    private final long intervalNanos = MIN_INTERVAL.toNanos();
    private final Map<String, State> states = new ConcurrentHashMap<>();

    public TypingTracker(UUID roomId, RoomBus bus, Duration timeout) {
        this.roomId = roomId;
        this.bus = bus;
        this.timeoutNanos = timeout.toNanos();
    }

    /** A typing frame; {@code timerLoop} runs this user's timers. */
    public void typing(User user, boolean isTyping, EventExecutor timerLoop) {
        if (!isTyping) {
            stopped(user);
            return;
        }
        while (true) {
            State state = states.computeIfAbsent(user.id(), id -> new State(user, timerLoop));
            synchronized (state) {
                if (state.forgotten) {
                    continue;
                }
                state.wanted = true;
                state.expiresAt = state.loop.ticker().nanoTime() + timeoutNanos;
                if (!state.expiryArmed) {
                    state.expiryArmed = true;
                    schedule(state, timeoutNanos, () -> expire(state));
                }
                settle(state);
                return;
            }
        }
    }

    /** The user sent a message or left: their indicator goes off (now, or at the end of the interval). */
    public void stopped(User user) {
        State state = states.get(user.id());
        if (state == null) {
            return;
        }
        synchronized (state) {
            state.wanted = false;
            settle(state);
        }
    }

    /** Users whose typing state this room still holds (for tests: an idle user is forgotten). */
    int tracked() {
        return states.size();
    }

    private void expire(State state) {
        synchronized (state) {
            long left = state.expiresAt - state.loop.ticker().nanoTime();
            if (state.wanted && left > 0) {
                schedule(state, left, () -> expire(state));
                return;
            }
            state.expiryArmed = false;
            state.wanted = false;
            settle(state);
        }
    }

    /**
     * Brings what the others were told in line with what holds, within the interval rule, and forgets a user who is
     * idle once the interval since their last announcement is over (so a quick restart still waits for it). Holds
     * the state's lock.
     */
    private void settle(State state) {
        long now = state.loop.ticker().nanoTime();
        long since = state.everAnnounced ? now - state.lastAnnounced : Long.MAX_VALUE;
        if (state.wanted != state.announced && since >= intervalNanos) {
            state.announced = state.wanted;
            state.lastAnnounced = now;
            state.everAnnounced = true;
            since = 0;
            bus.publish(RoomEvent.toOthers(roomId, new ServerEvent.Typing(state.user, state.announced), state.user.id()));
        }
        if (state.settleArmed) {
            return;
        }
        boolean changePending = state.wanted != state.announced;
        boolean idle = !state.wanted && !state.announced && !state.expiryArmed;
        if (!changePending && !idle) {
            return;
        }
        if (since >= intervalNanos) {
            // Idle (a pending change would have been announced above) and past the interval: nothing to remember.
            state.forgotten = true;
            states.remove(state.user.id(), state);
            return;
        }
        state.settleArmed = true;
        schedule(state, intervalNanos - since, () -> {
            synchronized (state) {
                state.settleArmed = false;
                settle(state);
            }
        });
    }

    private void schedule(State state, long delayNanos, Runnable task) {
        try {
            state.loop.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException shuttingDown) {
            // the node is stopping; nobody is left to tell
        }
    }

    /** One user's indicator in this room. Guarded by its own monitor. */
    private static final class State {
        final User user;
        final EventExecutor loop;
        boolean wanted;
        boolean announced;
        long lastAnnounced;
        boolean everAnnounced;
        long expiresAt;
        boolean expiryArmed;
        boolean settleArmed;
        boolean forgotten;

        State(User user, EventExecutor loop) {
            this.user = user;
            this.loop = loop;
        }
    }
}
