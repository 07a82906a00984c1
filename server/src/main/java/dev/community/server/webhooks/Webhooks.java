package dev.community.server.webhooks;

import dev.community.admin.DeadWebhook;
import dev.community.config.ServerConfig.WebhooksConfig;
import dev.community.protocol.JsonCodec;
import dev.community.storage.Storage;
import dev.community.storage.WebhookOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

/**
 * The node's webhooks: the events written with each change ({@link WebhookEvents}, registered with the storage),
 * the dispatcher sending them, and what the admin API does with dead deliveries. Started only when
 * {@code webhooks.url} names an endpoint; otherwise nothing is written and nothing runs.
 */
public final class Webhooks implements AutoCloseable {
    private final WebhooksConfig config;
    private final WebhookOutbox outbox;
    private final WebhookDispatcher dispatcher;
    private final Clock clock;

    private Webhooks(WebhooksConfig config, WebhookOutbox outbox, WebhookDispatcher dispatcher, Clock clock) {
        this.config = config;
        this.outbox = outbox;
        this.dispatcher = dispatcher;
        this.clock = clock;
    }

    /**
     * Registers the events with {@code storage} and starts the dispatcher, before the node takes its first change.
     *
     * @return null when {@code webhooks.url} is empty (no webhooks)
     */
    public static Webhooks start(WebhooksConfig config, Storage storage, RecipientPresence presence, JsonCodec codec,
                                 Clock clock, String nodeId, MeterRegistry meters) {
        if (!config.enabled()) {
            return null;
        }
        storage.changeEvents(new WebhookEvents(config, storage.webhookOutbox(), storage.directMessages(), presence,
                codec, clock, meters));
        WebhookDispatcher dispatcher = new WebhookDispatcher(storage.webhookOutbox(), config, clock, nodeId, meters)
                .start();
        return new Webhooks(config, storage.webhookOutbox(), dispatcher, clock);
    }

    /** The admin API's list of dead deliveries, oldest first. Blocking (JDBC). */
    public List<DeadWebhook> dead(int limit) {
        return outbox.dead(limit).stream().map(d -> new DeadWebhook(d.id(), d.endpoint().toString(), d.type(),
                d.attempts(), d.createdAt(), d.lastError(), d.body())).toList();
    }

    /** Revives one event's dead deliveries, or all of them ({@code id} null). Blocking (JDBC). */
    public int replay(UUID id) {
        var now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int replayed = id == null ? outbox.replayAll(now, config.retryHorizon())
                : outbox.replay(id, now, config.retryHorizon());
        if (replayed > 0) {
            dispatcher.wake();
        }
        return replayed;
    }

    @Override
    public void close() {
        dispatcher.close();
    }
}
