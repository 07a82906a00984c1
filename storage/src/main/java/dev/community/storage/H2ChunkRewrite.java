package dev.community.storage;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.Callable;
import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One step of H2's own chunk housekeeping, as its background thread takes it while the store is busy: rewrite the
 * live pages of the chunks that are at most as full as the rewritable chunks are on average, within a byte budget,
 * under the store's lock, then drop the chunks that died.
 *
 * <p>Why not H2's public {@link MVStore#compact(int, int)}: its fill rate only decides whether to start; the chunks
 * it then picks are all rewritable ones, ranked by fill rate over age, so in a store that has run for a while the
 * oldest chunks rank first even when they are full. Its passes then rewrite cold, full chunks — reading their pages
 * from the file and decoding every row — while the young, sparse ones it exists for wait: in an hour's soak the
 * mean pass grew from 3 to 21 ms in 25 minutes (128 KiB every second), or from 20 to 381 ms over the hour (1 MiB
 * every 10 s) (docs/RELIABILITY.md, "The compaction's stalls"). H2's background thread, which this server cannot run
 * ({@code WRITE_DELAY=0}), calls the selective step instead; it is not public, so it is reached here by its
 * names in the pinned H2 version. If a later H2 renames them, {@link #selective()} says so (a test fails on it)
 * and the step falls back to the public one.
 */
final class H2ChunkRewrite {
    private static final Logger LOG = LoggerFactory.getLogger(H2ChunkRewrite.class);

    /** H2's default {@code AUTO_COMPACT_FILL_RATE}: the store's chunks should be at least this full. */
    static final int TARGET_FILL_RATE = 90;

    /**
     * While the store is busy H2 rewrites only when 50 + half the rewritable fill rate is below the target's square
     * (81 for 90): when the rewritable chunks are less than 62 % live on average.
     */
    private static final int BUSY_THRESHOLD = TARGET_FILL_RATE * TARGET_FILL_RATE / 100;

    private static final Method UNDER_STORE_LOCK;
    private static final Method REWRITE_CHUNKS;
    private static final Method REWRITABLE_FILL_RATE;

    static {
        Method underLock = null;
        Method rewrite = null;
        Method fillRate = null;
        try {
            underLock = accessible(MVStore.class.getDeclaredMethod("tryExecuteUnderStoreLock", Callable.class));
            rewrite = accessible(FileStore.class.getDeclaredMethod("rewriteChunks", int.class, int.class));
            fillRate = accessible(FileStore.class.getDeclaredMethod("getRewritableChunksFillRate"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.warn("H2's selective chunk rewrite is not reachable in this H2 version ({}); the embedded store's"
                    + " compaction uses MVStore.compact, which may rewrite full chunks", e.toString());
            underLock = null;
        }
        UNDER_STORE_LOCK = underLock;
        REWRITE_CHUNKS = underLock == null ? null : rewrite;
        REWRITABLE_FILL_RATE = underLock == null ? null : fillRate;
    }

    private H2ChunkRewrite() {
    }

    /** Whether the selective step is in use (false: H2 changed, and {@link #step} uses the public compaction). */
    static boolean selective() {
        return UNDER_STORE_LOCK != null;
    }

    /**
     * One step on {@code store}: rewrites at most {@code budget} live bytes of its sparsest chunks.
     *
     * @return whether anything was rewritten (false also when the store is dense enough, or its lock was busy for
     *     10 ms: the next step tries again)
     */
    static boolean step(MVStore store, int budget) {
        FileStore<?> file = store.getFileStore();
        if (!selective()) {
            return store.compact(TARGET_FILL_RATE, budget);
        }
        try {
            int rewritableFill = (int) unwrapped(REWRITABLE_FILL_RATE, file);
            if (50 + rewritableFill / 2 >= BUSY_THRESHOLD) {
                return false;
            }
            Callable<Boolean> rewrite = () -> {
                boolean rewritten = (boolean) unwrapped(REWRITE_CHUNKS, file, budget, rewritableFill);
                if (rewritten) {
                    file.dropUnusedChunks();
                }
                return rewritten;
            };
            return Boolean.TRUE.equals(unwrapped(UNDER_STORE_LOCK, store, rewrite));
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("H2's chunk rewrite is not accessible", e);
        }
    }

    /**
     * Calls {@code method}, throwing what H2 threw as it is: under the store's lock H2 treats a failure as its own
     * housekeeping's (it closes the store on an internal error, as after a full disk).
     */
    private static Object unwrapped(Method method, Object target, Object... args) throws IllegalAccessException {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("H2's chunk rewrite failed", e.getCause());
        }
    }

    private static <T extends java.lang.reflect.AccessibleObject> T accessible(T member) {
        member.setAccessible(true);
        return member;
    }
}
