package dev.community.server.moderation;

import java.util.Locale;

/**
 * Why the external classifier gave no verdict. The kind is the {@code kind} tag of
 * {@code community.moderation.classifier.errors}; {@code moderation.classifier.on_error} decides what happens to
 * the message, whatever the kind.
 */
public final class ClassifierFailure extends RuntimeException {

    /** Every way a classifier request can end without a verdict. */
    public enum Kind {
        /** No answer within {@code moderation.classifier.timeout_ms} (queue wait included). */
        TIMEOUT,
        /** {@code max_concurrency} requests in flight and {@code queue_capacity} reviews waiting already. */
        QUEUE_FULL,
        /** The classifier answered 5xx (down, overloaded). */
        HTTP_5XX,
        /** The classifier answered another non-2xx status (a wrong key or model, rate limited: the operator's to fix). */
        HTTP_4XX,
        /** A 2xx answer that is not the moderation API's shape. */
        MALFORMED,
        /** Could not connect, or the connection broke. */
        CONNECTION;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;

    public ClassifierFailure(Kind kind, String message) {
        super(message, null, false, false);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
