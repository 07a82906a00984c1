package dev.community.server.moderation;

import dev.community.config.ServerConfig;
import java.time.Duration;

/**
 * The external classifier and the operator's policy for it ({@code moderation.classifier.mode} and {@code .on_error}).
 *
 * @param classifier    asked about each message the filter let through
 * @param afterStore    true: asked after the message is stored and delivered; false: before, the ack waits
 * @param rejectOnError true: no verdict (time-out, 5xx, nonsense, queue full) refuses the message (before_store) or
 *                      hides it (after_store); false: lets it be
 * @param guard         how long {@link ContentModeration} waits at most for any verdict (the classifier's own
 *                      timeout, plus a margin for its answer to arrive)
 */
public record ClassifierStage(ContentModerator classifier, boolean afterStore, boolean rejectOnError, Duration guard) {

    /** The stage {@code config} describes, around {@code classifier}. */
    public static ClassifierStage of(ServerConfig.ClassifierConfig config, ContentModerator classifier) {
        return new ClassifierStage(classifier, config.mode().equals("after_store"), config.onError().equals("reject"),
                config.timeout().plusSeconds(1));
    }
}
