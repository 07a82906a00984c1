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
 * Accepts a validated message for storage: permission, then the per-user rate limit and slow mode (in memory on
 * one node, in Redis in a cluster: {@link SendThrottle}); then the batched writer. Fan-out is not done here: the writer's commit listener hands every stored
 * message to the room bus in seq order. The returned future completes on the writer thread (or, when it is
 * refused by a cluster's limits, on a Redis client thread).
 */
public final class MessageService {
    private final MessageWriter writer;
    private final SendThrottle throttle;
    private final ServerMetrics metrics;
    private final Clock clock;

    public MessageService(MessageWriter writer, RateLimiter rateLimiter, SlowMode slowMode, ServerMetrics metrics,
                          Clock clock) {
        this(writer, new LocalSendThrottle(rateLimiter, slowMode), metrics, clock);
    }

    /** With the limits of a cluster ({@code throttle} may answer later, from Redis). */
    public MessageService(MessageWriter writer, SendThrottle throttle, ServerMetrics metrics, Clock clock) {
        this.writer = writer;
        this.throttle = throttle;
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
        int slowModeSeconds = Permissions.subjectToSlowMode(membership, principal) ? room.slowModeSeconds() : 0;
        return throttle.admit(principal.userId(), room.id(), slowModeSeconds, now.toEpochMilli())
                .thenCompose(refusal -> refusal != null
                        ? rejected(refusal.code(), refusal.getMessage(), refusal.retryAfterMillis())
                        : store(principal, frame, room, now));
    }

    private CompletableFuture<WriteOutcome> store(Principal principal, ClientFrame.SendMessage frame, RoomRecord room,
                                                  Instant now) {
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
