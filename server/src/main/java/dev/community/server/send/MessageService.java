package dev.community.server.send;

import dev.community.server.actions.Refusal;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.server.Blocking;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.Principal;
import dev.community.server.moderation.ContentModeration;
import dev.community.server.moderation.ContentReview;
import dev.community.server.moderation.ModerationVerdict;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.MessageWriter;
import dev.community.storage.NewMessage;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import dev.community.storage.Uuids;
import dev.community.storage.WriteOutcome;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts a validated message for storage, for the WebSocket and REST alike, in this order:
 * <ol>
 *   <li>may the sender post (not banned, not muted, trusted enough), in memory, at once;</li>
 *   <li>in the sender's order ({@link SendSequencer}): what needs the database, on the blocking pool — the
 *       thread must be one of this room and unlocked, a reply must answer a message of this room, a 1:1 DM
 *       must not be blocked either way;</li>
 *   <li>the per-user rate limit, then slow mode (so a refused thread or DM does not use up the allowance): in
 *       memory on one node, in Redis in a cluster ({@link SendThrottle});</li>
 *   <li>content moderation ({@link ContentModeration}): the filter, then a before_store classifier; reject
 *       answers {@code forbidden} and stores nothing, hide stores the message hidden, flag stores it and queues it
 *       (an after_store classifier is asked once the message is stored);</li>
 *   <li>the batched writer.</li>
 * </ol>
 * Fan-out is not done here: the writer's commit listener hands every stored message to the room bus in seq
 * order. The returned future completes on a writer lane's thread or a blocking thread.
 */
public final class MessageService {
    private static final Logger log = LoggerFactory.getLogger(MessageService.class);
    private static final CompletableFuture<Void> NO_LOOKUP = CompletableFuture.completedFuture(null);

    private final MessageWriter writer;
    private final SendThrottle throttle;
    private final ServerMetrics metrics;
    private final Clock clock;
    private final Storage storage;
    private final Blocking blocking;
    private final ContentModeration moderation;
    private final SendSequencer sequencer = new SendSequencer();

    public MessageService(Storage storage, Blocking blocking, ContentModeration moderation,
                          SendThrottle throttle, ServerMetrics metrics, Clock clock) {
        this.writer = storage.writer();
        this.storage = storage;
        this.blocking = blocking;
        this.moderation = moderation;
        this.throttle = throttle;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** The content-moderation step, for the other paths that store text (edits). */
    public ContentModeration moderation() {
        return moderation;
    }

    /**
     * @return the commit's outcome; fails with {@link Refusal} (refused by a rule) or
     *         {@link dev.community.storage.StorageUnavailableException} (nothing stored, retry)
     */
    public CompletableFuture<WriteOutcome> send(Principal principal, RoomRecord room, Membership membership,
                                                ClientFrame.SendMessage frame) {
        metrics.messageReceived(room.roomType().wire());
        Instant received = clock.instant();
        Optional<ErrorCode> denied = Permissions.canPost(room, membership, principal, received);
        if (denied.isPresent()) {
            return rejected(denied.get(), denialMessage(denied.get()), null);
        }
        long started = System.nanoTime();
        return sequencer.run(principal.userId(), () -> prepare(principal, room, membership, frame, received))
                .thenCompose(Submitted::commit)
                .whenComplete((outcome, failure) -> {
                    if (failure == null && !outcome.duplicate()) {
                        metrics.stored(System.nanoTime() - started);
                    }
                });
    }

    /** Steps 2–5; completes once the message is with the writer (or refused), which frees the sender's turn. */
    private CompletableFuture<Submitted> prepare(Principal principal, RoomRecord room, Membership membership,
                                                 ClientFrame.SendMessage frame, Instant received) {
        boolean lookup = frame.threadId() != null || frame.replyToId() != null || room.roomType().isDirect();
        CompletableFuture<Void> checked = lookup ? blocking.supply(() -> {
            checkReferences(room, frame);
            return null;
        }) : NO_LOOKUP;
        return checked.thenCompose(ignored -> {
            int slowModeSeconds = Permissions.subjectToSlowMode(membership, principal) ? room.slowModeSeconds() : 0;
            return throttle.admit(principal.userId(), room.id(), slowModeSeconds, clock.millis());
        }).thenCompose(refusal -> {
            if (refusal != null) {
                metrics.rejected(refusal.code().wire());
                throw refusal;
            }
            ContentReview review = new ContentReview(room.id(), room.roomType(), principal.user(), frame.content(),
                    frame.attachments(), false);
            return moderation.review(review)
                    .thenApply(verdict -> submit(principal, room, frame, received, review, verdict));
        });
    }

    /** The database checks of step 2; runs on the blocking pool. */
    private void checkReferences(RoomRecord room, ClientFrame.SendMessage frame) {
        if (frame.threadId() != null) {
            deny(Permissions.canPostInThread(storage.threads().find(frame.threadId()), room.id()),
                    "thread_id is no open thread of this room");
        }
        if (frame.replyToId() != null && storage.messages().findById(room.id(), frame.replyToId()).isEmpty()) {
            deny(Optional.of(ErrorCode.NOT_FOUND), "reply_to_id is no message of this room");
        }
        if (room.roomType().isDirect()) {
            deny(Permissions.canPostInDirect(storage.directMessages().isBlockedDirect(room.id())),
                    "this conversation is closed while one of you blocks the other");
        }
    }

    private Submitted submit(Principal principal, RoomRecord room, ClientFrame.SendMessage frame, Instant received,
                             ContentReview review, ModerationVerdict verdict) {
        ModerationVerdict.Decision decision = verdict.decision();
        if (decision == ModerationVerdict.Decision.REJECT) {
            Refusal refusal = moderation.rejected(review, verdict);
            CompletableFuture<WriteOutcome> refused = blocking.supply(() -> {
                moderation.auditRejection(review, null, verdict);
                return null;
            }).handle((ignored, failure) -> {
                if (failure != null) {
                    log.warn("could not audit a refused message in room {}: {}", room.id(), failure.toString());
                }
                throw refusal;
            });
            return new Submitted(refused);
        }
        NewMessage message = new NewMessage(Uuids.v7(), room.id(), principal.user(), frame.clientId(), frame.content(),
                frame.messageType(), frame.attachments(), frame.mentions(), frame.replyToId(), frame.threadId(), received,
                decision == ModerationVerdict.Decision.HIDE);
        CompletableFuture<WriteOutcome> commit = writer.submit(message);
        if (moderation.reviewsAfterStore()) {
            // on the writer lane: only hands the message to the classifier's queue, which asks on its own threads
            commit.thenAccept(outcome -> {
                if (!outcome.duplicate()) {
                    moderation.afterStored(outcome.message(), review);
                }
            });
        }
        if (decision == ModerationVerdict.Decision.ALLOW) {
            return new Submitted(commit);
        }
        return new Submitted(commit.thenCompose(outcome -> outcome.duplicate() ? CompletableFuture.completedFuture(outcome)
                : blocking.supply(() -> new WriteOutcome(moderation.applyStored(outcome.message(), verdict), false))
                        .handle((applied, failure) -> {
                            if (failure != null) {
                                // stored and (if hidden) stored hidden; only the audit entry or the queue item is missing
                                log.warn("could not record the moderation of message {}: {}", outcome.message().id(),
                                        failure.toString());
                                return outcome;
                            }
                            return applied;
                        })));
    }

    private void deny(Optional<ErrorCode> denied, String message) {
        if (denied.isPresent()) {
            throw refusal(denied.get(), message, null);
        }
    }

    private Refusal refusal(ErrorCode code, String message, Long retryAfter) {
        metrics.rejected(code.wire());
        return new Refusal(code, message, retryAfter);
    }

    private CompletableFuture<WriteOutcome> rejected(ErrorCode code, String message, Long retryAfter) {
        return CompletableFuture.failedFuture(refusal(code, message, retryAfter));
    }

    private static String denialMessage(ErrorCode code) {
        return switch (code) {
            case MUTED -> "you are muted in this room";
            case TRUST_REQUIRED -> "your trust level is below this room's minimum to post";
            default -> "you may not post in this room";
        };
    }

    /** A message handed to the writer (or refused): {@code commit} completes when its fate is known. */
    private record Submitted(CompletableFuture<WriteOutcome> commit) {
    }
}
