package dev.community.server.cluster;

import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Encodes envelopes and publishes them, counting each by kind and result. Never blocks; never fails its future. */
final class EnvelopePublisher {
    private static final Logger log = LoggerFactory.getLogger(EnvelopePublisher.class);

    private final ClusterTransport transport;
    private final EnvelopeCodec codec;
    private final ClusterMetrics metrics;

    EnvelopePublisher(ClusterTransport transport, EnvelopeCodec codec, ClusterMetrics metrics) {
        this.transport = transport;
        this.codec = codec;
        this.metrics = metrics;
    }

    /** Completes with whether the transport took the envelope (on the transport's thread, or at once when it was refused). */
    CompletableFuture<Boolean> publish(String channel, Envelope envelope) {
        byte[] payload;
        try {
            payload = codec.encode(envelope);
        } catch (RuntimeException e) {
            log.error("could not encode a {} envelope", envelope.kind(), e);
            metrics.published(envelope.kind(), false);
            return CompletableFuture.completedFuture(false);
        }
        return transport.publish(channel, payload).handle((sent, failure) -> {
            metrics.published(envelope.kind(), failure == null);
            if (failure != null) {
                log.debug("publishing a {} envelope failed: {}", envelope.kind(), failure.toString());
            }
            return failure == null;
        });
    }
}
