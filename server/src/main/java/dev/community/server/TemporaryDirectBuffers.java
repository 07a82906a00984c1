package dev.community.server;

/**
 * Bounds the JDK's per-thread cache of temporary direct buffers ({@code jdk.nio.maxCachedBufferSize}). A channel
 * read or write of a heap buffer goes through a direct buffer the JDK allocates and then keeps for that thread, as
 * large as the largest transfer the thread ever made, unbounded by default. The embedded store (H2) reads and writes
 * its file with heap buffers from the writer, the compaction thread and every blocking thread, so those cached
 * buffers grew with the store: an hour's soak on the embedded store took direct memory from 18 to 50 MiB, and the
 * same 8 minutes with this bound stayed at 18 MiB while without it they reached 25 MiB (docs/RELIABILITY.md).
 * Netty's own buffers do not go through this cache. A transfer above the bound gets a direct buffer of its own,
 * freed at once.
 *
 * <p>The JDK reads the property once, when a thread first needs such a buffer, so {@link #bound} runs first thing
 * in {@code main}; a value given on the command line ({@code -Djdk.nio.maxCachedBufferSize=...}) wins.
 */
final class TemporaryDirectBuffers {
    static final String PROPERTY = "jdk.nio.maxCachedBufferSize";
    /** Large enough for H2's page reads and a commit's chunk; a compaction's rewrite is bigger and not kept. */
    static final long MAX_CACHED_BYTES = 64 * 1024;

    private TemporaryDirectBuffers() {
    }

    static void bound() {
        if (System.getProperty(PROPERTY) == null) {
            System.setProperty(PROPERTY, Long.toString(MAX_CACHED_BYTES));
        }
    }
}
