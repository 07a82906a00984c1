package dev.community.server.budget;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.community.config.ServerConfig.LimitsConfig;
import dev.community.config.ServerConfig.Rate;
import io.micrometer.core.instrument.Gauge;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * This node's budgets per user (REST calls, calls in progress, connection tokens, reactions, group DMs) and per
 * source address (requests without a valid access token). Each {@code take…} returns 0 when the action may go
 * ahead, or the milliseconds until it may (the action must then be refused with {@code rate_limited}); a refusal
 * is counted in {@link BudgetMetrics}.
 *
 * <p>Entries live in size-capped maps that forget a user or address idle for {@link #FORGET_AFTER}: memory stays
 * bounded however many identities or addresses appear. Forgetting an idle entry only ever refills a budget.
 */
public final class Budgets {
    /** Longer than any bucket here takes to refill completely, so forgetting an idle entry changes nothing. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    /** Users and addresses tracked at once; beyond it the least recently seen are forgotten (about 0.5 KiB each). */
    static final long MAX_TRACKED = 100_000;

    private final LimitsConfig limits;
    private final BudgetMetrics metrics;
    private final Cache<String, UserAllowance> users;
    private final Cache<InetAddress, TokenBucket> addresses;

    public Budgets(LimitsConfig limits, BudgetMetrics metrics) {
        this.limits = limits;
        this.metrics = metrics;
        this.users = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(FORGET_AFTER).build();
        this.addresses = Caffeine.newBuilder().maximumSize(MAX_TRACKED).expireAfterAccess(FORGET_AFTER).build();
        Gauge.builder("community.budget.tracked", users, c -> c.estimatedSize()).tag("scope", "user")
                .description("Users or source addresses whose budgets this node holds").register(metrics.registry());
        Gauge.builder("community.budget.tracked", addresses, c -> c.estimatedSize()).tag("scope", "address")
                .description("Users or source addresses whose budgets this node holds").register(metrics.registry());
    }

    public LimitsConfig limits() {
        return limits;
    }

    /** A new WebSocket connection's own budget for request frames. */
    public ConnectionBudget forConnection() {
        return new ConnectionBudget(limits, metrics);
    }

    /** One REST call by {@code userId}. */
    public long takeRestRequest(String userId) {
        return take(BudgetKind.REST_REQUESTS, user(userId).bucket(UserAllowance.REST, limits.restRequests()));
    }

    /** One connection token for {@code userId}. */
    public long takeConnectionToken(String userId) {
        return take(BudgetKind.CONNECTION_TOKENS, user(userId).bucket(UserAllowance.TOKENS, limits.connectionTokens()));
    }

    /** One reaction added by {@code userId}. */
    public long takeReaction(String userId) {
        return take(BudgetKind.REACTIONS, user(userId).bucket(UserAllowance.REACTIONS, limits.reactions()));
    }

    /** One group DM created by {@code userId}. */
    public long takeGroupDm(String userId) {
        return take(BudgetKind.GROUP_DMS, user(userId).bucket(UserAllowance.GROUP_DMS, limits.groupDms()));
    }

    /** One request without a valid access token from {@code address}. */
    public long takeAnonymousRequest(InetAddress address) {
        return take(BudgetKind.ANONYMOUS_REQUESTS,
                addresses.get(address, a -> TokenBucket.shared(limits.anonymousRequests())));
    }

    /**
     * Starts a REST call of {@code userId} if fewer than {@code limits.rest_concurrent_requests} are in progress;
     * a started call must be ended with {@link #endRestCall}.
     */
    public boolean startRestCall(String userId) {
        AtomicInteger inProgress = user(userId).inProgress;
        while (true) {
            int now = inProgress.get();
            if (now >= limits.restConcurrentRequests()) {
                metrics.rejected(BudgetKind.REST_CONCURRENCY);
                return false;
            }
            if (inProgress.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    public void endRestCall(String userId) {
        UserAllowance allowance = users.getIfPresent(userId);
        if (allowance != null) {
            allowance.inProgress.updateAndGet(n -> Math.max(0, n - 1));
        }
    }

    private UserAllowance user(String userId) {
        return users.get(userId, id -> new UserAllowance());
    }

    private long take(BudgetKind kind, TokenBucket bucket) {
        long retryAfter = bucket.tryTake();
        if (retryAfter > 0) {
            metrics.rejected(kind);
        }
        return retryAfter;
    }

    /** One user's buckets, each made on first use (most users never react or open a group DM). */
    private static final class UserAllowance {
        static final int REST = 0;
        static final int TOKENS = 1;
        static final int REACTIONS = 2;
        static final int GROUP_DMS = 3;

        private final AtomicReferenceArray<TokenBucket> buckets = new AtomicReferenceArray<>(4);
        private final AtomicInteger inProgress = new AtomicInteger();

        TokenBucket bucket(int which, Rate rate) {
            TokenBucket bucket = buckets.get(which);
            if (bucket == null) {
                buckets.compareAndSet(which, null, TokenBucket.shared(rate));
                bucket = buckets.get(which);
            }
            return bucket;
        }
    }
}
