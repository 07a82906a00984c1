package dev.community.loadtest.client;

/** How a simulated client sends. */
public sealed interface SendMode {
    /** A member that only receives. */
    record Silent() implements SendMode {
    }

    /** Open loop: {@code perSecond} messages a second on a fixed schedule, whatever the server's answers. */
    record Paced(double perSecond) implements SendMode {
        public Paced {
            if (!(perSecond > 0)) {
                throw new IllegalArgumentException("a paced sender needs a rate above 0");
            }
        }
    }

    /** Closed loop, flat out: keeps {@code inFlight} sends unanswered at all times. */
    record Window(int inFlight) implements SendMode {
        public Window {
            if (inFlight < 1) {
                throw new IllegalArgumentException("a flat-out sender needs a window of at least 1");
            }
        }
    }

    SendMode SILENT = new Silent();
}
