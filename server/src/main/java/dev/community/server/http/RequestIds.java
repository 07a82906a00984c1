package dev.community.server.http;

import java.util.concurrent.ThreadLocalRandom;

/** Short ids that tie an error answer to the server's log line about it (not secrets: random, never reused in practice). */
public final class RequestIds {
    private RequestIds() {
    }

    /** 16 hex digits. */
    public static String next() {
        return String.format("%016x", ThreadLocalRandom.current().nextLong());
    }
}
