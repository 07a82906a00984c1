package dev.community.server.moderation;

import dev.community.protocol.ErrorCode;
import dev.community.server.actions.Refusal;
import dev.community.protocol.Message;
import dev.community.server.ServerMetrics;
import dev.community.storage.NewModerationAction;
import dev.community.storage.Storage;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the configured {@link ContentModerator} and applies its verdicts: the one place that decides what a
 * verdict does, for the send path and for edits alike. Every verdict other than allow leaves an audit entry
 * with source {@code ai} in the room's moderation trail: {@code reject} (nothing stored), {@code hide} (stored
 * hidden) or {@code flag} (stored, flagged and queued for review).
 */
public final class ContentModeration {
    /** How long a verdict may take before the content is let through (see {@link ContentModerator}). */
    public static final Duration REVIEW_TIMEOUT = Duration.ofSeconds(2);
    /** Audit entries written by content moderation carry this source. */
    public static final String SOURCE = "ai";
    private static final Logger log = LoggerFactory.getLogger(ContentModeration.class);

    private final ContentModerator moderator;
    private final Storage storage;
    private final ServerMetrics metrics;
    private final Duration timeout;

    public ContentModeration(ContentModerator moderator, Storage storage, ServerMetrics metrics) {
        this(moderator, storage, metrics, REVIEW_TIMEOUT);
    }

    ContentModeration(ContentModerator moderator, Storage storage, ServerMetrics metrics, Duration timeout) {
        this.moderator = moderator;
        this.storage = storage;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    /**
     * The verdict on {@code content}; never fails: a moderator that throws, fails or takes longer than
     * the timeout ({@link #REVIEW_TIMEOUT}) counts as an allow (logged, and counted as decision "error").
     */
    public CompletableFuture<ModerationVerdict> review(ContentReview content) {
        CompletableFuture<ModerationVerdict> verdict;
        try {
            verdict = moderator.review(content);
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        if (verdict == null) {
            verdict = CompletableFuture.failedFuture(new IllegalStateException("the content moderator returned null"));
        }
        if (!verdict.isDone()) {
            // a copy, so the timeout does not complete the moderator's own future behind its back
            verdict = verdict.copy().orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return verdict.handle((decided, failure) -> {
            if (failure != null || decided == null) {
                log.warn("content moderation failed for a message in room {}; letting it through: {}",
                        content.roomId(), failure == null ? "no verdict" : failure.toString());
                metrics.moderationVerdict("error");
                return ModerationVerdict.allow();
            }
            metrics.moderationVerdict(decided.decision().wire());
            return decided;
        });
    }

    /**
     * The refusal a reject verdict ends in, for a new message and an edit alike (counted once, as forbidden); the
     * caller audits it ({@link #auditRejection}) where it may do JDBC.
     */
    public Refusal rejected(ContentReview content, ModerationVerdict verdict) {
        metrics.rejected(ErrorCode.FORBIDDEN.wire());
        return new Refusal(ErrorCode.FORBIDDEN, "the " + (content.edit() ? "edit" : "message")
                + " was refused by content moderation: " + verdict.reason());
    }

    /**
     * Audits a refusal: action {@code reject}, source ai, against the author (and the edited message, for an
     * edit). Does JDBC on the calling thread.
     *
     * @param messageId the message an edit was refused for, null for a new message (never stored)
     */
    public void auditRejection(ContentReview content, UUID messageId, ModerationVerdict verdict) {
        storage.moderation().record(new NewModerationAction(content.roomId(), "reject", SOURCE, null,
                content.author().id(), messageId, null, verdict.reason(), null));
    }

    /**
     * Carries out a flag or hide verdict on a message that was just stored or edited, and audits it: hide makes
     * sure it is hidden (a new message was stored hidden already) and records {@code hide}; flag flags and
     * queues it and records {@code flag}. Does JDBC on the calling thread.
     *
     * @return the message as stored afterwards
     */
    public Message applyStored(Message stored, ModerationVerdict verdict) {
        switch (verdict.decision()) {
            case HIDE -> {
                Message hidden = stored.isHidden() ? stored
                        : storage.messageEdits().setHidden(stored.roomId(), stored.id(), true).orElse(stored);
                storage.moderation().record(new NewModerationAction(stored.roomId(), "hide", SOURCE, null,
                        stored.author().id(), stored.id(), null, verdict.reason(), null));
                return hidden;
            }
            case FLAG -> {
                storage.moderation().flagForReview(stored.roomId(), stored.id(), SOURCE, verdict.reason());
                return stored;
            }
            default -> {
                return stored;
            }
        }
    }
}
