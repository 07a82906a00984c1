package dev.community.server.send;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.MembershipRecord;
import dev.community.storage.MessageWriter;
import dev.community.storage.NewMessage;
import dev.community.storage.RoomRecord;
import dev.community.storage.Uuids;
import dev.community.storage.WriteOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Accepts a validated message for storage: permission, then the per-user rate limit, then slow mode, all in
 * memory; then the batched writer. Fan-out is not done here: the writer's commit listener hands every stored
 * message to the room bus in seq order. The returned future completes on the writer thread.
 */
public final class MessageService {
    private final MessageWriter writer;
    private final RateLimiter rateLimiter;
    private final SlowMode slowMode;
    private final ServerMetrics metrics;
    private final Clock clock;

    public MessageService(MessageWriter writer, RateLimiter rateLimiter, SlowMode slowMode, ServerMetrics metrics,
                          Clock clock) {
        this.writer = writer;
        this.rateLimiter = rateLimiter;
        this.slowMode = slowMode;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @return the commit's outcome; fails with {@link SendRejectedException} (refused by a rule) or
     *         {@link dev.community.storage.StorageUnavailableException} (nothing stored, retry)
     */
    public CompletableFuture<WriteOutcome> send(Principal principal, RoomRecord room, MembershipRecord membership,
                                                ClientFrame.SendMessage frame) {
        metrics.messageReceived(room.roomType());
        Instant now = clock.instant();
        Optional<ErrorCode> denied = Permissions.canPost(room, membership, principal, now);
        if (denied.isPresent()) {
            return rejected(denied.get(), denialMessage(denied.get()), null);
        }
        long nowMillis = now.toEpochMilli();
        long rateWait = rateLimiter.tryAcquire(principal.userId(), nowMillis);
        if (rateWait > 0) {
            return rejected(ErrorCode.RATE_LIMITED, "too many messages; retry in " + rateWait + " ms", rateWait);
        }
        if (Permissions.subjectToSlowMode(membership, principal)) {
            long slowWait = slowMode.tryPost(room.id(), principal.userId(), room.slowModeSeconds(), nowMillis);
            if (slowWait > 0) {
                return rejected(ErrorCode.SLOW_MODE, "slow mode is on; retry in " + slowWait + " ms", slowWait);
            }
        }
        NewMessage message = new NewMessage(Uuids.v7(), room.id(), principal.user(), frame.clientId(), frame.content(),
                frame.messageType(), frame.attachments(), frame.mentions(), frame.replyToId(), frame.threadId(), now);
        long started = System.nanoTime();
        return writer.submit(message).whenComplete((outcome, failure) -> {
            if (failure == null && !outcome.duplicate()) {
                metrics.stored(System.nanoTime() - started);
            }
        });
    }

    private CompletableFuture<WriteOutcome> rejected(ErrorCode code, String message, Long retryAfter) {
        metrics.rejected(code.wire());
        return CompletableFuture.failedFuture(new SendRejectedException(code, message, retryAfter));
    }

    private static String denialMessage(ErrorCode code) {
        return switch (code) {
            case MUTED -> "you are muted in this room";
            case TRUST_REQUIRED -> "your trust level is below this room's minimum to post";
            default -> "you may not post in this room";
        };
    }
}
