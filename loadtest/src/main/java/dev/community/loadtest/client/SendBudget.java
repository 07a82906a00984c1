package dev.community.loadtest.client;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The run's bound on sends, shared by every sender: at most a fixed number of messages, and none once the send
 * phase is over. Every run stops by itself however fast the server is.
 */
public final class SendBudget {
    private final AtomicLong remaining;
    private volatile boolean open;

    public SendBudget(long maxMessages) {
        this.remaining = new AtomicLong(maxMessages);
    }

    /** Starts the send phase. */
    public void open() {
        open = true;
    }

    /** Ends the send phase: no sender takes another message. */
    public void close() {
        open = false;
    }

    public boolean isOpen() {
        return open && remaining.get() > 0;
    }

    /** Takes one message from the budget; false once the phase is over or the count is spent. */
    public boolean take() {
        if (!open) {
            return false;
        }
        return remaining.getAndUpdate(n -> n > 0 ? n - 1 : 0) > 0;
    }

    public long remaining() {
        return remaining.get();
    }
}
