package dev.community.server;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every meter of the public server, named in one place. Names are dotted; the Prometheus registry renders
 * {@code community.ws.connections} as {@code community_ws_connections}. Tags are bounded sets (result,
 * error code, close code, room type): never a user or room id.
 */
public final class ServerMetrics {
    private final MeterRegistry registry;
    /** Open WebSocket connections on this node. */
    private final AtomicLong openConnections = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong streams = new java.util.concurrent.atomic.AtomicLong();
    private final java.util.concurrent.atomic.AtomicLong subscriptions = new java.util.concurrent.atomic.AtomicLong();
    /** Users present in at least one room of this node, counted once per room. */
    private final AtomicLong presence = new AtomicLong();
    private final Map<String, Counter> handshakes = new ConcurrentHashMap<>();
    private final Map<String, Counter> readMarkers = new ConcurrentHashMap<>();
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Integer, Counter> closes = new ConcurrentHashMap<>();
    private final Map<String, Counter> received = new ConcurrentHashMap<>();
    private final Map<String, Counter> verdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> refreshes = new ConcurrentHashMap<>();
    private final Map<String, Counter> classifierVerdicts = new ConcurrentHashMap<>();
    private final Map<String, Counter> classifierErrors = new ConcurrentHashMap<>();
    private volatile Timer classifierLatency;
    private final Counter framesIn;
    private final Counter framesOut;
    private final Counter bytesOut;
    private final Counter deliveries;
    private final Counter stored;
    private final Counter slowConsumerCloses;
    private final Counter httpRequests;
    private final Counter requestTimeouts;
    private final Counter pipeliningCutOffs;
    private final Counter historyFromWindow;
    private final Counter admissionsRefused;
    private final Counter historyFromStorage;
    private final Counter windowLoads;
    private final Timer sendToStored;
    private final Timer storedToDelivered;
    private final DistributionSummary fanoutSize;

    public ServerMetrics(MeterRegistry registry) {
        this.registry = registry;
        registry.gauge("community.ws.connections", openConnections);
        registry.gauge("community.presence.users", presence);
        framesIn = Counter.builder("community.ws.frames.in").description("WebSocket frames received").register(registry);
        framesOut = Counter.builder("community.ws.frames.out").description("WebSocket frames written").register(registry);
        bytesOut = Counter.builder("community.ws.bytes.out").baseUnit("bytes")
                .description("WebSocket payload bytes written").register(registry);
        deliveries = Counter.builder("community.fanout.deliveries")
                .description("Events written to member connections by room fan-out").register(registry);
        stored = Counter.builder("community.messages.stored").description("Messages durably stored and acknowledged")
                .register(registry);
        slowConsumerCloses = Counter.builder("community.ws.slow.consumer.closes")
                .description("Connections closed with 4008: more than ws.max_pending_bytes owed and not taken")
                .register(registry);
        httpRequests = Counter.builder("community.http.requests").description("HTTP requests on the public port")
                .register(registry);
        requestTimeouts = Counter.builder("community.http.request.timeouts")
                .description("Connections closed because a complete HTTP request (or upgrade) did not arrive in time")
                .register(registry);
        pipeliningCutOffs = Counter.builder("community.http.pipelining.cutoffs")
                .description("Connections closed for pipelining more HTTP requests than server.max_pipelined_requests")
                .register(registry);
        admissionsRefused = Counter.builder("community.ws.admissions.refused")
                .description("WebSocket upgrades answered 503 at once because ws.max_admissions were being admitted")
                .register(registry);
        historyFromWindow = Counter.builder("community.ws.history.pages").tag("source", "window")
                .description("request_history pages, by where they were read: the room's window of recent messages"
                        + " or storage (a blocking thread and a database call)").register(registry);
        historyFromStorage = Counter.builder("community.ws.history.pages").tag("source", "storage")
                .description("request_history pages, by where they were read: the room's window of recent messages"
                        + " or storage (a blocking thread and a database call)").register(registry);
        windowLoads = Counter.builder("community.rooms.window.loads")
                .description("Reads of a room's newest messages from storage into its window of recent messages: once"
                        + " per room going live (shared by every session arriving meanwhile), again after the window was"
                        + " forgotten").register(registry);
        sendToStored = Timer.builder("community.messages.send.to.stored")
                .description("From a send frame's arrival to its commit").publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        storedToDelivered = Timer.builder("community.messages.stored.to.delivered")
                .description("From a message's commit to its fan-out being written on one event loop")
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(10)).register(registry);
        io.micrometer.core.instrument.Gauge.builder("community.ws.streams", streams::get)
                .description("Open user streams on the node (also counted in community.ws.connections)").register(registry);
        io.micrometer.core.instrument.Gauge.builder("community.ws.stream.subscriptions", subscriptions::get)
                .description("Rooms subscribed on the node's user streams (ws.max_subscriptions per stream at most)")
                .register(registry);
        fanoutSize = DistributionSummary.builder("community.fanout.recipients")
                .description("Connections one room event reached on one event loop").register(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    public void connectionOpened() {
        openConnections.incrementAndGet();
    }

    public void connectionClosed() {
        openConnections.decrementAndGet();
    }

    public long openConnections() {
        return openConnections.get();
    }

    /** A user stream opened (+1) or closed (-1); it also counts among the connections. */
    public void streamsChanged(int delta) {
        streams.addAndGet(delta);
    }

    /** A user stream's subscription began (+1) or ended (-1). */
    public void subscriptionsChanged(int delta) {
        subscriptions.addAndGet(delta);
    }

    public void presenceChanged(int delta) {
        presence.addAndGet(delta);
    }

    /** A request_history page was served: from the room's window, or from storage. */
    public void historyServed(boolean fromWindow) {
        (fromWindow ? historyFromWindow : historyFromStorage).increment();
    }

    /** A room's window of recent messages was read from storage. */
    public void windowLoaded() {
        windowLoads.increment();
    }

    /** An upgrade was answered 503 at once: the admission gate was full. */
    public void admissionRefused() {
        admissionsRefused.increment();
    }

    /** Registers the gauge of upgrades being admitted (one gate per public listener; the last one registered wins). */
    public void admissionsInFlight(java.util.function.IntSupplier inFlight) {
        io.micrometer.core.instrument.Gauge.builder("community.ws.admissions.in.flight", inFlight::getAsInt)
                .description("WebSocket upgrades being admitted now (ws.max_admissions at most)").register(registry);
    }

    /** A refresh frame was {@code accepted} or {@code refused}. */
    public void tokenRefresh(String result) {
        refreshes.computeIfAbsent(result, r -> Counter.builder("community.ws.token.refreshes").tag("result", r)
                .description("refresh frames: access tokens handed to open sockets").register(registry)).increment();
    }

    /**
     * A connection's read marker and unread counts came from {@code source}: "memory" (the room's window held every
     * message after the marker) or "storage" (a cold room, or a marker older than the window).
     */
    public void readMarker(String source) {
        readMarkers.computeIfAbsent(source, s -> Counter.builder("community.admission.read.markers")
                .description("Read markers of admitted connections, by where their unread counts came from")
                .tag("source", s).register(registry)).increment();
    }

    /** A WebSocket upgrade attempt by result: ok, or the error code it was refused with. */
    public void handshake(String result) {
        handshakes.computeIfAbsent(result, r -> Counter.builder("community.ws.handshakes")
                .description("WebSocket upgrade attempts by result").tag("result", r).register(registry)).increment();
    }

    /** A frame or request refused with a contract error code. */
    public void rejected(String code) {
        rejected.computeIfAbsent(code, c -> Counter.builder("community.messages.rejected")
                .description("Client requests refused, by error code").tag("code", c).register(registry)).increment();
    }

    public void messageReceived(String roomType) {
        received.computeIfAbsent(roomType, t -> Counter.builder("community.messages.received")
                .description("send_message frames and message POSTs received").tag("room_type", t)
                .register(registry)).increment();
    }

    public void closed(int code) {
        closes.computeIfAbsent(code, c -> Counter.builder("community.ws.closes")
                .description("WebSocket closes initiated by the server, by close code").tag("code", Integer.toString(c))
                .register(registry)).increment();
    }

    public void frameIn() {
        framesIn.increment();
    }

    public void framesOut(int frames, long bytes) {
        framesOut.increment(frames);
        bytesOut.increment(bytes);
    }

    public void stored(long nanosSinceReceived) {
        stored.increment();
        sendToStored.record(nanosSinceReceived, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public void delivered(long nanosSinceStored) {
        storedToDelivered.record(nanosSinceStored, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** One room event written to {@code recipients} connections of one event loop. */
    public void fanout(int recipients) {
        fanoutSize.record(recipients);
        deliveries.increment(recipients);
    }

    public void slowConsumerClosed() {
        slowConsumerCloses.increment();
    }

    public void requestTimedOut() {
        requestTimeouts.increment();
    }

    public void pipeliningCutOff() {
        pipeliningCutOffs.increment();
    }

    public void httpRequest() {
        httpRequests.increment();
    }

    /** A content-moderation verdict on a message or edit, by decision (allow, flag, hide, reject, error). */
    public void moderationVerdict(String decision) {
        verdicts.computeIfAbsent(decision, d -> Counter.builder("community.moderation.verdicts")
                .description("Content-moderation verdicts before storing, by decision; error = the classifier failed"
                        + " and the message was let through").tag("decision", d).register(registry)).increment();
    }

    /** The external classifier's verdict on one message or edit (allow, flag, hide, reject), before or after storage. */
    public void classifierVerdict(String outcome) {
        classifierVerdicts.computeIfAbsent(outcome, o -> Counter.builder("community.moderation.classifier.verdicts")
                .description("Verdicts of the external classifier (moderation.classifier.url), by outcome")
                .tag("outcome", o).register(registry)).increment();
    }

    /**
     * The external classifier gave no verdict: timeout, queue_full, http_5xx, http_4xx, malformed, connection
     * (moderation.classifier.on_error decides what happens to the message).
     */
    public void classifierError(String kind) {
        classifierErrors.computeIfAbsent(kind, k -> Counter.builder("community.moderation.classifier.errors")
                .description("External classifier requests that gave no verdict, by kind").tag("kind", k)
                .register(registry)).increment();
    }

    /** From asking the external classifier (queue wait included) to its answer or failure. */
    public void classifierLatency(long nanos) {
        Timer timer = classifierLatency;
        if (timer == null) {
            timer = Timer.builder("community.moderation.classifier.latency")
                    .description("From asking the external classifier (queue wait included) to its answer")
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofSeconds(60))
                    .register(registry);
            classifierLatency = timer;
        }
        timer.record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    /** The classifier's requests in flight (at most max_concurrency) and reviews waiting (at most queue_capacity). */
    public void classifierLoad(java.util.function.IntSupplier inFlight, java.util.function.IntSupplier queued) {
        io.micrometer.core.instrument.Gauge.builder("community.moderation.classifier.in.flight", inFlight::getAsInt)
                .description("External classifier requests in flight (moderation.classifier.max_concurrency at most)")
                .register(registry);
        io.micrometer.core.instrument.Gauge.builder("community.moderation.classifier.queued", queued::getAsInt)
                .description("Reviews waiting for a classifier request slot (moderation.classifier.queue_capacity"
                        + " at most)").register(registry);
    }
}
