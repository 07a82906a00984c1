package dev.community.loadtest.scenario;

import java.util.Locale;

/**
 * How a run's users reach their rooms: one user stream per user subscribing to all of its rooms (§2.13), or a room
 * socket per user per room as a 1.4 client does. The same population on both is what the stream scenario compares.
 */
public enum Transport {
    STREAM, SOCKETS;

    /** The option's value as typed: {@code stream} or {@code sockets}. */
    public static Transport parse(String value) {
        for (Transport t : values()) {
            if (t.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return t;
            }
        }
        throw new IllegalArgumentException("--transport must be stream or sockets: " + value);
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
