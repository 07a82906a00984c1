package dev.community.server.moderation;

import java.util.concurrent.CompletableFuture;

/**
 * Decides about a message's content before it is stored. The server calls {@link #review} for every message
 * (WebSocket {@code send_message} and REST post) and every edit, after the permission and rate checks and
 * before the writer; nothing is stored until the verdict is in.
 *
 * <p>To plug in an external classifier (a hosted moderation API, a local model), implement this interface and
 * hand it to {@link ContentModeration}. The contract for implementations:
 * <ul>
 *   <li>Return quickly or asynchronously: the call is made on an event loop or a blocking-pool thread, so an
 *       implementation that does I/O must return a future completed by its own client's threads and never
 *       block the caller.</li>
 *   <li>Be safe to call from many threads at once.</li>
 *   <li>A failed or late future does not lose the message: {@link ContentModeration} waits at most
 *       {@link ContentModeration#REVIEW_TIMEOUT} and then lets the message through (fail-open, counted as
 *       {@code community.moderation.verdicts{decision="error"}}), so a classifier outage never stops the chat.</li>
 *   <li>Put the reason in the verdict: it goes into the audit trail that moderators read.</li>
 * </ul>
 */
@FunctionalInterface
public interface ContentModerator {

    CompletableFuture<ModerationVerdict> review(ContentReview content);
}
