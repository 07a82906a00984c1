package dev.community.server.webhooks;

/** Names of the webhook meters, in one place (Prometheus renders dots as underscores); docs/OPERATIONS.md. */
public final class WebhookMeters {
    /** Counter: events written to the outbox (one per event and endpoint), as the transactions committing them ran. */
    public static final String QUEUED = "community.webhooks.queued";
    /** Counter: deliveries an endpoint accepted (2xx). */
    public static final String DELIVERED = "community.webhooks.delivered";
    /** Counter: failed attempts that will be tried again (tag {@code reason}: status, timeout, connect, error). */
    public static final String RETRIED = "community.webhooks.retried";
    /** Counter: deliveries given up at their horizon and kept as dead. */
    public static final String DEAD = "community.webhooks.dead";
    /** Timer with a histogram: from the change's commit to the endpoint's acceptance (retries included). */
    public static final String LATENCY = "community.webhooks.delivery.latency";
    /** Timer with a histogram: one request, until the answer or the time-out. */
    public static final String REQUEST = "community.webhooks.request";
    /** Distribution summary: events per request (1 unless webhooks.batch_max allows batches). */
    public static final String REQUEST_EVENTS = "community.webhooks.request.events";
    /** Gauge: events pending in the outbox (all nodes'; refreshed by the dispatcher every few seconds). */
    public static final String BACKLOG = "community.webhooks.backlog";
    /** Gauge: dead rows waiting for a replay (refreshed with the backlog). */
    public static final String DEAD_ROWS = "community.webhooks.dead.rows";
    /** Distribution summary: events per claimed run (one endpoint's and room's events, sent in order by one sender). */
    public static final String RUN_SIZE = "community.webhooks.run.size";
    /** Gauge: requests in flight on this node (at most webhooks.concurrency). */
    public static final String IN_FLIGHT = "community.webhooks.in_flight";

    private WebhookMeters() {
    }
}
