package dev.community.server.moderation;

import dev.community.protocol.ErrorCode;
import dev.community.server.actions.Refusal;
import dev.community.protocol.Message;
import dev.community.server.Blocking;
import dev.community.server.ServerMetrics;
import dev.community.server.actions.LiveChanges;
import dev.community.storage.NewModerationAction;
import dev.community.storage.Storage;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs content moderation and applies its verdicts: the one place that decides what a verdict does, for the send
 * path (WebSocket and REST) and for edits alike. First the built-in filter (or a plugged-in {@link ContentModerator});
 * a message it rejects goes no further. Then, when one is configured, the external classifier ({@link
 * ClassifierStage}): {@code before_store}, its verdict joins the filter's (the stronger decides) before anything is
 * stored, and when it gives none {@code on_error} decides (allow, or reject); {@code after_store}, the message is
 * stored and delivered on the filter's verdict alone and {@link #afterStored} asks the classifier afterwards, hiding
 * or flagging the message through {@link LiveChanges} like a moderator's hide.
 *
 * <p>Every verdict other than allow leaves an audit entry with source {@code ai} in the room's moderation trail:
 * {@code reject} (nothing stored), {@code hide} (stored hidden) or {@code flag} (stored, flagged and queued for
 * review).
 */
public final class ContentModeration {
    /** How long the built-in filter (or a plugged-in moderator) may take before the content is let through. */
    public static final Duration REVIEW_TIMEOUT = Duration.ofSeconds(2);
    /** Audit entries written by content moderation carry this source. */
    public static final String SOURCE = "ai";
    private static final Logger log = LoggerFactory.getLogger(ContentModeration.class);

    private final ContentModerator moderator;
    private final ClassifierStage classifier;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;
    private final ServerMetrics metrics;
    private final Duration timeout;

    /** The filter alone, no classifier. */
    public ContentModeration(ContentModerator moderator, Storage storage, ServerMetrics metrics) {
        this(moderator, storage, metrics, REVIEW_TIMEOUT);
    }

    ContentModeration(ContentModerator moderator, Storage storage, ServerMetrics metrics, Duration timeout) {
        this(moderator, null, storage, null, null, metrics, timeout);
    }

    /**
     * @param classifier the external classifier and its policy; null = none
     * @param blocking   where an after_store verdict's storage work runs
     * @param live       the road an after_store hide takes to live sockets and other nodes
     */
    public ContentModeration(ContentModerator moderator, ClassifierStage classifier, Storage storage, Blocking blocking,
                             LiveChanges live, ServerMetrics metrics) {
        this(moderator, classifier, storage, blocking, live, metrics, REVIEW_TIMEOUT);
    }

    ContentModeration(ContentModerator moderator, ClassifierStage classifier, Storage storage, Blocking blocking,
                      LiveChanges live, ServerMetrics metrics, Duration timeout) {
        if (classifier != null && classifier.afterStore() && (blocking == null || live == null)) {
            throw new IllegalArgumentException("after_store needs the blocking executor and the live changes");
        }
        this.moderator = moderator;
        this.classifier = classifier;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
        this.metrics = metrics;
        this.timeout = timeout;
    }

    /**
     * The verdict on {@code content} before it is stored; never fails. The filter first (a filter that throws, fails
     * or takes longer than {@link #REVIEW_TIMEOUT} counts as an allow); unless it rejects, a before_store classifier
     * next, whose failure {@code on_error} turns into an allow or a reject. Counted once, by final decision, as
     * {@code community.moderation.verdicts}; "error" is an allow because something failed.
     */
    public CompletableFuture<ModerationVerdict> review(ContentReview content) {
        CompletableFuture<Outcome> decided = ask(moderator, content, timeout);
        if (classifier != null && !classifier.afterStore()) {
            decided = decided.thenCompose(first -> first.verdict().decision() == ModerationVerdict.Decision.REJECT
                    ? CompletableFuture.completedFuture(first)
                    : ask(classifier.classifier(), content, classifier.guard())
                            .thenApply(second -> first.then(classifierVerdict(second))));
        }
        return decided.thenApply(outcome -> {
            ModerationVerdict verdict = outcome.verdict();
            metrics.moderationVerdict(outcome.failed() && verdict.decision() == ModerationVerdict.Decision.ALLOW
                    ? "error" : verdict.decision().wire());
            return verdict;
        });
    }

    /** True when a classifier judges messages after they are stored ({@link #afterStored} does something). */
    public boolean reviewsAfterStore() {
        return classifier != null && classifier.afterStore();
    }

    /**
     * after_store: asks the classifier about a message just stored (or edited) and delivered, and carries out its
     * verdict when it comes: hide (a reject too: the message was delivered already) hides it, flag flags and queues
     * it, each audited with source ai, and a hide reaches the room as message_updated. A verdict about text that was
     * edited, or a message deleted, since is dropped (the edit has its own review). Returns at once; nothing is
     * asked on the calling thread.
     *
     * @param stored the message as stored with {@code review}'s text
     */
    public void afterStored(Message stored, ContentReview review) {
        if (!reviewsAfterStore()) {
            return;
        }
        ask(classifier.classifier(), review, classifier.guard())
                .thenApply(outcome -> classifierVerdict(outcome).verdict())
                .thenCompose(verdict -> verdict.decision() == ModerationVerdict.Decision.ALLOW
                        ? CompletableFuture.completedFuture(null)
                        : blocking.supply(() -> {
                            applyLater(stored, verdict);
                            return null;
                        }))
                .whenComplete((ignored, failure) -> {
                    if (failure != null) {
                        log.warn("could not apply the classifier's verdict on message {}: {}", stored.id(),
                                failure.toString());
                    }
                });
    }

    /** The after_store verdict on the blocking executor: the message as it is now, if it is still what was judged. */
    private void applyLater(Message judged, ModerationVerdict verdict) {
        Message current = storage.messages().findById(judged.roomId(), judged.id()).orElse(null);
        if (current == null || current.isDeleted() || !Objects.equals(current.editedAt(), judged.editedAt())) {
            return;
        }
        ModerationVerdict applied = verdict.decision() == ModerationVerdict.Decision.REJECT
                ? new ModerationVerdict(ModerationVerdict.Decision.HIDE, verdict.reason() + " (delivered already, so hidden)")
                : verdict;
        if (applied.decision() == ModerationVerdict.Decision.HIDE && current.isHidden()) {
            return; // hidden already (by the filter or a moderator), and audited then
        }
        Message after = applyStored(current, applied);
        if (after.isHidden() != current.isHidden()) {
            live.messageUpdated(after);
        }
    }

    /** The classifier's outcome as a verdict: a failure becomes {@code on_error}'s allow or reject. */
    private Outcome classifierVerdict(Outcome asked) {
        if (!asked.failed() || !classifier.rejectOnError()) {
            return asked;
        }
        return new Outcome(new ModerationVerdict(ModerationVerdict.Decision.REJECT,
                "the classifier gave no verdict (" + asked.failure() + ") and on_error is reject"), false, null);
    }

    /**
     * Asks one moderator; never fails: a failure, a null or a late answer is an allow marked failed. The filter's
     * failures are logged; the classifier's only at debug (they are counted by kind, and an outage would otherwise
     * log once per message).
     */
    private CompletableFuture<Outcome> ask(ContentModerator asked, ContentReview content, Duration limit) {
        CompletableFuture<ModerationVerdict> verdict;
        try {
            verdict = asked.review(content);
        } catch (RuntimeException e) {
            verdict = CompletableFuture.failedFuture(e);
        }
        if (verdict == null) {
            verdict = CompletableFuture.failedFuture(new IllegalStateException("the content moderator returned null"));
        }
        if (!verdict.isDone()) {
            // a copy, so the timeout does not complete the moderator's own future behind its back
            verdict = verdict.copy().orTimeout(limit.toMillis(), TimeUnit.MILLISECONDS);
        }
        boolean isClassifier = classifier != null && asked == classifier.classifier();
        return verdict.handle((decided, failure) -> {
            if (failure != null || decided == null) {
                String why = failure == null ? "no verdict" : describe(failure);
                if (isClassifier) {
                    log.debug("the classifier gave no verdict on a message in room {}: {}", content.roomId(), why);
                } else {
                    log.warn("content moderation failed for a message in room {}: {}", content.roomId(), why);
                }
                return new Outcome(ModerationVerdict.allow(), true, why);
            }
            return new Outcome(decided, false, null);
        });
    }

    /** A failure in a word: a classifier's kind (timeout, http_5xx, ...), else what was thrown. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof ClassifierFailure known) {
            return known.kind().wire();
        }
        if (cause instanceof java.util.concurrent.TimeoutException) {
            return ClassifierFailure.Kind.TIMEOUT.wire();
        }
        return cause.toString();
    }

    /** A verdict, and whether (and how) a moderator failed on the way to it. */
    private record Outcome(ModerationVerdict verdict, boolean failed, String failure) {
        /** This outcome followed by a later stage's: the stronger verdict, failed if either failed. */
        Outcome then(Outcome next) {
            ModerationVerdict stronger = next.verdict().decision().compareTo(verdict.decision()) > 0
                    ? next.verdict() : verdict;
            return new Outcome(stronger, failed || next.failed(), failed ? failure : next.failure());
        }
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
