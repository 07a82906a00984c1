package dev.community.server.moderation;

import java.util.concurrent.CompletableFuture;

/**
 * Decides about a message's content before it is stored. The server calls {@link #review} for every message
 * (WebSocket {@code send_message} and REST post) and every edit, after the permission and rate checks and
 * before the writer; nothing is stored until the verdict is in.
 *
 * <p>An external classifier that speaks the moderation API's shape needs no code: {@code moderation.classifier.url}
 * configures {@link HttpClassifier}. Another kind plugs in by implementing this interface and handing it to
 * {@link ContentModeration} (as the filter, or inside a {@link ClassifierStage}). The contract for implementations:
 * <ul>
 *   <li>Return quickly or asynchronously: the call is made on an event loop or a blocking-pool thread, so an
 *       implementation that does I/O must return a future completed by its own client's threads and never
 *       block the caller.</li>
 *   <li>Be safe to call from many threads at once.</li>
 *   <li>A failed or late future does not lose the message: {@link ContentModeration} waits at most
 *       {@link ContentModeration#REVIEW_TIMEOUT} (a classifier stage: its own timeout) and then lets the message
 *       through (counted as {@code community.moderation.verdicts{decision="error"}}) or, for a classifier stage with
 *       {@code on_error=reject}, refuses it.</li>
 *   <li>Put the reason in the verdict: it goes into the audit trail that moderators read.</li>
 * </ul>
 */
@FunctionalInterface
public interface ContentModerator {

    CompletableFuture<ModerationVerdict> review(ContentReview content);
}
