package dev.community.server.webhooks;

import dev.community.config.ServerConfig.WebhooksConfig;
import dev.community.protocol.WireTimeModule;
import dev.community.storage.WebhookOutbox;
import dev.community.storage.WebhookOutbox.Delivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the outbox: one thread ({@code webhook-dispatcher}) claims runs of due rows (up to {@link #RUN_LENGTH} of one
 * endpoint's and room's rows in order, {@link WebhookOutbox#claimRuns}) for as many senders as are free
 * ({@code webhooks.concurrency} minus those busy), and {@code webhooks.concurrency} sender threads send each run in
 * order over the node's {@link WebhookHttp} (keep-alive connections on an event loop of its own), each request bounded
 * by {@code webhooks.timeout_ms}. Nothing here runs on the server's event loops, the blocking pool or the message
 * writer, so a slow or dead receiver costs chat nothing: its rows wait in the database.
 *
 * <p>Outcome: a 2xx accepts the event; the senders hand their acceptances to the dispatcher's next claim, which
 * records them in its own transaction (one commit for both: on the embedded store each commit writes the file, and a
 * delete of its own per run cost the senders more than their requests). A node dying before that sends the events
 * again after the lease, as with any crash. Anything else (a status, a time-out, a refused connection) is tried
 * again after {@link #backoff} (exponential, with jitter, capped), until the row's horizon has passed; then it is
 * kept as dead. Either way the rest of its run is released unsent, to be claimed again behind it.
 * A claim is a lease of {@link #lease}; a node that dies mid-request leaves the row to be claimed again when the lease
 * runs out, with the same {@code webhook-id} (receivers de-duplicate by it).
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** The first retry's pause; each later one doubles it (with jitter), up to {@link #MAX_BACKOFF}. */
    static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(10);
    /** How often an idle dispatcher looks for due rows (its own and other nodes' commits). */
    static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    /**
     * The least time between two claims. A claim is a transaction, and so is every run's delete; claimed as soon as
     * a sender came free, a receiver that keeps up made runs of a few rows and hundreds of small commits a second,
     * which on the embedded store (one file, every commit written through) held the chat writer to the dispatcher's
     * pace (docs/BENCHMARKS.md, "Webhooks"). Spaced, a room's run carries what arrived meanwhile; under a backlog
     * runs are full anyway (four runs of {@link #RUN_LENGTH} every 50 ms is 8,000 events a second, more with
     * batches: {@link #RUN_BATCHES}).
     */
    static final Duration CLAIM_SPACING = Duration.ofMillis(50);
    /**
     * How often the backlog and dead gauges are refreshed, on a thread of their own: each is a pass over the outbox
     * (the backlog sums the rows' unsent events), which under a backlog of 200,000 events took a third of the
     * dispatcher's time when it ran between claims every 5 s.
     */
    static final Duration GAUGE_REFRESH = Duration.ofSeconds(15);
    /** The pause after the database failed a claim, before the next try. */
    static final Duration STORAGE_PAUSE = Duration.ofSeconds(1);
    /** A claim lasts the request's time-out and this: time enough to record the outcome. */
    static final Duration LEASE_MARGIN = Duration.ofSeconds(5);
    /**
     * The events of one endpoint and room claimed at once (cut at whole rows, so a run may carry up to a row's
     * events more) and sent one after another by one sender: a backlog drains a run per claim instead of an event
     * per claim, while a room's events still go out in order.
     */
    static final int RUN_LENGTH = 100;
    /**
     * With batches a run is at least this many requests' worth of events: at a hundred events a run, a sender sent a
     * run as two batches in a few milliseconds and then waited for the next claim, and delivery stopped at about
     * 9,000 events a second while a backlog grew (docs/BENCHMARKS.md, "Webhooks").
     */
    static final int RUN_BATCHES = 8;
    /** A run renews its lease before a request that could otherwise end less than this before the lease does. */
    static final Duration RENEW_MARGIN = LEASE_MARGIN.dividedBy(2);

    private final WebhookOutbox outbox;
    private final WebhooksConfig config;
    private final WebhookSigner signer;
    private final Clock clock;
    private final String nodeId;
    private final Duration lease;
    private final WebhookHttp http;
    private final ExecutorService senders;
    private final Semaphore slots;
    private final Thread thread;
    private final Object wake = new Object();
    private volatile boolean running = true;
    private final Counter delivered;
    private final Counter dead;
    private final Timer latency;
    private final Timer request;
    private final DistributionSummary runSize;
    private final DistributionSummary requestEvents;
    private final MeterRegistry meters;
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong deadRows = new AtomicLong();
    /** Events accepted since the last claim, for the next claim to record (bounded by the runs in flight). */
    private final ConcurrentLinkedQueue<Delivery> acceptedSinceClaim = new ConcurrentLinkedQueue<>();
    private final java.util.concurrent.ScheduledExecutorService gauges;
    /** Events a claim takes of one room: {@link #RUN_LENGTH}, or {@link #RUN_BATCHES} batches' worth. */
    private final int runLength;
    /** When the last claim began (System.nanoTime), 0 before the first; the dispatcher thread's own. */
    private long lastClaimNanos;

    public WebhookDispatcher(WebhookOutbox outbox, WebhooksConfig config, Clock clock, String nodeId,
                             MeterRegistry meters) {
        this.outbox = outbox;
        this.config = config;
        this.signer = new WebhookSigner(config.secret().orElseThrow(
                () -> new IllegalArgumentException("webhooks need a secret")));
        this.clock = clock;
        this.nodeId = nodeId;
        // the request's whole time-out and a margin for recording the outcome, before another node may send it again
        this.lease = config.timeout().plus(LEASE_MARGIN);
        this.senders = Executors.newFixedThreadPool(config.concurrency(), daemon("webhook-sender"));
        this.http = new WebhookHttp(config.timeout());
        this.slots = new Semaphore(config.concurrency());
        this.meters = meters;
        this.delivered = Counter.builder(WebhookMeters.DELIVERED).description("webhook deliveries accepted")
                .register(meters);
        this.dead = Counter.builder(WebhookMeters.DEAD).description("webhook deliveries given up at their horizon")
                .register(meters);
        this.latency = Timer.builder(WebhookMeters.LATENCY).description("from commit to acceptance")
                .publishPercentileHistogram().register(meters);
        this.request = Timer.builder(WebhookMeters.REQUEST).description("one webhook request")
                .publishPercentileHistogram().register(meters);
        this.requestEvents = DistributionSummary.builder(WebhookMeters.REQUEST_EVENTS)
                .description("events per request (1 unless webhooks.batch_max allows batches)").register(meters);
        this.runSize = DistributionSummary.builder(WebhookMeters.RUN_SIZE)
                .description("events per claimed run (one endpoint's and room's events sent in order)")
                .register(meters);
        Gauge.builder(WebhookMeters.BACKLOG, backlog, AtomicLong::get).description("webhook events pending")
                .register(meters);
        Gauge.builder(WebhookMeters.DEAD_ROWS, deadRows, AtomicLong::get).description("dead webhook rows")
                .register(meters);
        Gauge.builder(WebhookMeters.IN_FLIGHT, slots, s -> config.concurrency() - s.availablePermits())
                .description("webhook requests in flight").register(meters);
        this.thread = daemon("webhook-dispatcher").newThread(this::run);
        this.runLength = Math.max(RUN_LENGTH, RUN_BATCHES * config.batchMax());
        this.gauges = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(daemon("webhook-gauges"));
    }

    public WebhookDispatcher start() {
        gauges.scheduleWithFixedDelay(this::refreshGauges, 0, GAUGE_REFRESH.toMillis(), TimeUnit.MILLISECONDS);
        thread.start();
        return this;
    }

    /** Looks for due rows at once (after a replay, say) instead of at the next poll. */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void run() {
        while (running) {
            try {
                slots.acquire();
                spaceClaims();
                int free = 1 + slots.drainPermits();
                List<List<Delivery>> claimed;
                Instant claimedAt = now();
                lastClaimNanos = System.nanoTime();
                List<Delivery> accepted = drainAccepted();
                try {
                    claimed = outbox.claimRuns(config.urls(), free, runLength, nodeId, lease, claimedAt, accepted);
                } catch (RuntimeException e) {
                    acceptedSinceClaim.addAll(accepted); // recorded with a later claim
                    slots.release(free);
                    log.warn("webhook outbox: claim failed: {}", e.toString());
                    pause(STORAGE_PAUSE);
                    continue;
                }
                slots.release(free - claimed.size());
                for (List<Delivery> run : claimed) {
                    runSize.record(run.size());
                    senders.execute(() -> {
                        try {
                            sendRun(run, claimedAt.plus(lease));
                        } finally {
                            slots.release();
                            wake();
                        }
                    });
                }
                if (claimed.isEmpty()) {
                    pause(POLL_INTERVAL);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                // the dispatcher must outlive anything one round can throw
                log.error("webhook dispatcher round failed", e);
            }
        }
    }

    /**
     * Waits out what is left of {@link #CLAIM_SPACING} since the last claim. A sleep, not {@link #pause}: every
     * finished run wakes the dispatcher, which would end the spacing at once; closing interrupts it.
     */
    private void spaceClaims() throws InterruptedException {
        long left = CLAIM_SPACING.toNanos() - (System.nanoTime() - lastClaimNanos);
        if (lastClaimNanos != 0 && left > 0) {
            Thread.sleep(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
        }
    }

    private void pause(Duration pause) throws InterruptedException {
        synchronized (wake) {
            if (running) {
                wake.wait(pause.toMillis());
            }
        }
    }

    private void refreshGauges() {
        try {
            backlog.set(outbox.pendingCount());
            deadRows.set(outbox.deadCount());
        } catch (RuntimeException e) {
            log.debug("webhook gauges not refreshed: {}", e.toString());
        }
    }

    private List<Delivery> drainAccepted() {
        List<Delivery> accepted = new ArrayList<>();
        for (Delivery d; (d = acceptedSinceClaim.poll()) != null; ) {
            accepted.add(d);
        }
        return accepted;
    }

    /**
     * Sends one run in order, on one sender thread. Accepted events go to the next claim to be recorded; at the first
     * failure the rest of the run is released unsent, so nothing of the room
     * goes out before the failed row succeeds. A run that outlasts its lease renews it before the next request, and
     * stops if another node may have the rest meanwhile.
     */
    void sendRun(List<Delivery> run, Instant leaseEnd) {
        Instant leasedUntil = leaseEnd;
        for (int i = 0; i < run.size(); ) {
            List<Delivery> rest = run.subList(i, run.size());
            if (!running) {
                // shutting down: the rest is another node's to claim at once (close() records what was accepted)
                record(() -> outbox.release(rest, nodeId));
                return;
            }
            if (now().plus(config.timeout()).plus(RENEW_MARGIN).isAfter(leasedUntil)) {
                Instant until = now().plus(lease);
                boolean renewed;
                try {
                    renewed = outbox.renew(rest, nodeId, until);
                } catch (RuntimeException e) {
                    renewed = false;
                }
                if (!renewed) {
                    log.warn("webhook run to {}: lease not renewed, {} events left to the next claim", rest.get(0)
                            .endpoint(), rest.size());
                    return;
                }
                leasedUntil = until;
            }
            // one request: the next event, or with webhooks.batch_max the next events of the run as one batch
            List<Delivery> request = rest.subList(0, Math.min(rest.size(), config.batchMax()));
            switch (send(request)) {
                case ACCEPTED -> {
                    acceptedSinceClaim.addAll(request);
                    i += request.size();
                }
                case FAILED -> {
                    List<Delivery> unsent = run.subList(i + 1, run.size());
                    if (!unsent.isEmpty()) {
                        record(() -> outbox.release(unsent, nodeId));
                    }
                    return;
                }
                case INTERRUPTED -> {
                    return; // shutting down: the lease runs out and the rest is claimed again
                }
            }
        }
    }

    /** How one request ended. */
    enum Outcome { ACCEPTED, FAILED, INTERRUPTED }

    /**
     * One attempt: a request with one event (its body as it was written, Standard Webhooks' shape) or, with several,
     * a batch (PROTOCOL.md §6). A failure is recorded here for the first event (retry or dead: the rest is released
     * by the caller and waits behind it); an acceptance is left to the caller, which hands accepted events to the
     * next claim. Runs on a sender thread.
     */
    Outcome send(List<Delivery> events) {
        Delivery first = events.get(0);
        byte[] body = (events.size() == 1 ? first.body() : batchBody(events)).getBytes(StandardCharsets.UTF_8);
        String id = events.size() == 1 ? first.id().toString() : "batch_" + first.id() + "_" + events.size();
        long timestamp = clock.instant().getEpochSecond();
        Map<String, String> headers = Map.of(
                "content-type", "application/json",
                "user-agent", "community-webhooks/1",
                "webhook-id", id,
                "webhook-timestamp", Long.toString(timestamp),
                "webhook-signature", signer.sign(id, timestamp, body));
        String failure;
        String reason;
        Timer.Sample sample = Timer.start();
        try {
            WebhookHttp.Answer response = http.post(first.endpoint(), headers, body);
            sample.stop(request);
            requestEvents.record(events.size());
            if (response.status() / 100 == 2) {
                delivered.increment(events.size());
                Instant now = clock.instant();
                for (Delivery d : events) {
                    latency.record(Duration.between(d.createdAt(), now).abs());
                }
                return Outcome.ACCEPTED;
            }
            failure = "HTTP " + response.status();
            reason = "status";
        } catch (HttpTimeoutException e) {
            sample.stop(request);
            failure = "timed out after " + config.timeout().toMillis() + " ms";
            reason = "timeout";
        } catch (ConnectException e) {
            sample.stop(request);
            failure = "connection failed: " + e;
            reason = "connect";
        } catch (IOException e) {
            sample.stop(request);
            failure = e.toString();
            reason = "error";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.INTERRUPTED; // shutting down: the lease runs out and the row is claimed again
        }
        Instant now = now();
        Instant next = now.plus(backoff(first.attempts()));
        String error = failure;
        if (!next.isBefore(first.giveUpAt())) {
            record(() -> outbox.dead(first, error));
            dead.increment();
            log.warn("webhook {} ({}) to {} is dead after {} attempts: {}", first.id(), first.type(), first.endpoint(),
                    first.attempts() + 1, error);
        } else {
            record(() -> outbox.retry(first, next, error));
            Counter.builder(WebhookMeters.RETRIED).tag("reason", reason).register(meters).increment();
            log.debug("webhook {} to {} failed ({}); next attempt at {}", id, first.endpoint(), error, next);
        }
        return Outcome.FAILED;
    }

    /**
     * A batch's body: {@code {"type":"batch","timestamp":…,"data":{"events":[{"id":…,"event":…},…]}}}, each
     * {@code event} exactly the body the event has alone (so a receiver handles a batch's events as it would handle
     * them one by one, de-duplicating by their ids), the timestamp the first event's.
     */
    static String batchBody(List<Delivery> events) {
        StringBuilder b = new StringBuilder(events.stream().mapToInt(d -> d.body().length() + 64).sum() + 96);
        b.append("{\"type\":\"batch\",\"timestamp\":\"").append(WireTimeModule.format(events.get(0).createdAt()))
                .append("\",\"data\":{\"events\":[");
        for (int i = 0; i < events.size(); i++) {
            Delivery d = events.get(i);
            b.append(i == 0 ? "" : ",").append("{\"id\":\"").append(d.id()).append("\",\"event\":").append(d.body())
                    .append('}');
        }
        return b.append("]}}").toString();
    }

    /** An outcome the database did not take is not lost: the lease runs out and the row is sent again. */
    private static void record(Runnable outcome) {
        try {
            outcome.run();
        } catch (RuntimeException e) {
            log.warn("webhook outbox: outcome not recorded (the row is sent again after its lease): {}", e.toString());
        }
    }

    /**
     * The pause before attempt {@code attempts + 2}: {@link #FIRST_BACKOFF} doubled per earlier failure, capped at
     * {@link #MAX_BACKOFF}, then "equal jitter" (half fixed, half random) so receivers coming back are not hit by
     * every node's retries at once.
     */
    static Duration backoff(int attempts) {
        long base = FIRST_BACKOFF.toMillis() << Math.min(attempts, 20);
        long capped = Math.min(base, MAX_BACKOFF.toMillis());
        long half = capped / 2;
        return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    @Override
    public void close() {
        running = false;
        gauges.shutdownNow();
        wake();
        thread.interrupt();
        try {
            thread.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        senders.shutdownNow();
        try {
            senders.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.close();
        List<Delivery> accepted = drainAccepted();
        if (!accepted.isEmpty()) {
            record(() -> outbox.delivered(accepted));
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        AtomicLong count = new AtomicLong();
        return runnable -> {
            Thread t = new Thread(runnable, name + "-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
