package dev.community.server.room;

import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Who is typing in one room. A user's {@code true} is broadcast to the others once and then only refreshes a
 * timer; the server sends {@code false} itself when the timer runs out, when the user sends a message, or
 * when they leave, so a client that vanishes mid-word never leaves "is typing…" on screen.
 */
public final class TypingTracker {
    private final UUID roomId;
    private final RoomBus bus;
    private final long timeoutMillis;
    private final Map<String, Timer> typing = new ConcurrentHashMap<>();

    public TypingTracker(UUID roomId, RoomBus bus, Duration timeout) {
        this.roomId = roomId;
        this.bus = bus;
        this.timeoutMillis = timeout.toMillis();
    }

    public void typing(User user, boolean isTyping, EventExecutor timerLoop) {
        if (!isTyping) {
            stopped(user);
            return;
        }
        Timer timer = new Timer();
        timer.future = timerLoop.schedule(() -> expire(user, timer), timeoutMillis, TimeUnit.MILLISECONDS);
        Timer previous = typing.put(user.id(), timer);
        if (previous == null) {
            bus.publish(RoomEvent.toOthers(roomId, new ServerEvent.Typing(user, true), user.id()));
        } else if (previous.future != null) {
            previous.future.cancel(false);
        }
    }

    /** The user sent a message or left: clear their indicator now if it is on. */
    public void stopped(User user) {
        Timer timer = typing.remove(user.id());
        if (timer != null) {
            if (timer.future != null) {
                timer.future.cancel(false);
            }
            bus.publish(RoomEvent.toOthers(roomId, new ServerEvent.Typing(user, false), user.id()));
        }
    }

    /** Only the latest timer of a user may clear the indicator; an older one that fires late is ignored. */
    private void expire(User user, Timer timer) {
        if (typing.remove(user.id(), timer)) {
            bus.publish(RoomEvent.toOthers(roomId, new ServerEvent.Typing(user, false), user.id()));
        }
    }

    /** A user's pending "stopped typing"; compared by identity. */
    private static final class Timer {
        volatile ScheduledFuture<?> future;
    }
}
