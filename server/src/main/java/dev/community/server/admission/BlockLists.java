package dev.community.server.admission;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.community.server.Blocking;
import dev.community.storage.BlockRepository;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/**
 * Whom each connected user blocks, held in memory so that a session's delivery filter costs no database read per
 * connect. Loaded once per user (grouped with other users' loads), kept current by every block and unblock (this
 * node's and, through the control relay, the other nodes'), forgotten when unused for {@link #LINGER}.
 */
public final class BlockLists {
    static final Duration LINGER = Duration.ofMinutes(10);
    /** Users whose lists are held at once. */
    static final long MAX_USERS = 200_000;

    private final Cache<String, Set<String>> lists = Caffeine.newBuilder()
            .expireAfterAccess(LINGER).maximumSize(MAX_USERS).build();
    private final GroupedCalls<String, Set<String>> loads;
    private final Map<String, Loading> loading = new HashMap<>();

    public BlockLists(BlockRepository blocks, Blocking blocking, MeterRegistry meters) {
        this.loads = new GroupedCalls<>("blocks", blocking, 500, 2, blocks::blockedIdsOfAll, meters);
    }

    /** The ids {@code userId} blocks (an unmodifiable snapshot). */
    public CompletableFuture<Set<String>> of(String userId) {
        Set<String> held = lists.getIfPresent(userId);
        if (held != null) {
            return CompletableFuture.completedFuture(held);
        }
        CompletableFuture<Set<String>> answer;
        boolean start = false;
        synchronized (this) {
            held = lists.getIfPresent(userId);
            if (held != null) {
                return CompletableFuture.completedFuture(held);
            }
            Loading current = loading.get(userId);
            if (current == null) {
                current = new Loading();
                loading.put(userId, current);
                start = true;
            }
            answer = current.answer;
        }
        if (start) {
            loads.call(userId).whenComplete((blocked, failure) -> loaded(userId, blocked, failure));
        }
        return answer;
    }

    private void loaded(String userId, Set<String> blocked, Throwable failure) {
        Loading done;
        Set<String> list = null;
        synchronized (this) {
            done = loading.remove(userId);
            if (failure == null) {
                list = Set.copyOf(blocked);
                for (UnaryOperator<Set<String>> change : done.changes) {
                    list = change.apply(list);
                }
                if (done.keep) {
                    lists.put(userId, list);
                }
            }
        }
        if (failure != null) {
            done.answer.completeExceptionally(failure);
        } else {
            done.answer.complete(list);
        }
    }

    /** {@code blocker} started or stopped blocking {@code blocked}. */
    public void changed(String blocker, String blocked, boolean blocking) {
        UnaryOperator<Set<String>> change = list -> {
            Set<String> next = new HashSet<>(list);
            if (blocking) {
                next.add(blocked);
            } else {
                next.remove(blocked);
            }
            return Set.copyOf(next);
        };
        synchronized (this) {
            Loading pending = loading.get(blocker);
            if (pending != null) {
                pending.changes.add(change);
                return;
            }
            lists.asMap().computeIfPresent(blocker, (id, list) -> change.apply(list));
        }
    }

    /** Forgets every list: block changes from other nodes may have been missed (the control relay was cut off). */
    public void forgetAll() {
        synchronized (this) {
            loading.values().forEach(pending -> pending.keep = false);
        }
        lists.invalidateAll();
    }

    private static final class Loading {
        final CompletableFuture<Set<String>> answer = new CompletableFuture<>();
        final List<UnaryOperator<Set<String>>> changes = new ArrayList<>();
        boolean keep = true;
    }
}
