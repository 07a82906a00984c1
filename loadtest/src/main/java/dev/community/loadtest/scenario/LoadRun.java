package dev.community.loadtest.scenario;

import dev.community.loadtest.abuse.AbuseCrew;
import dev.community.loadtest.abuse.AbuseReport;
import dev.community.loadtest.audit.Audit;
import dev.community.loadtest.audit.AuditResult;
import dev.community.loadtest.audit.MemberLedger;
import dev.community.loadtest.audit.RoomLedger;
import dev.community.loadtest.client.ClientPool;
import dev.community.loadtest.client.ClientSettings;
import dev.community.loadtest.client.ConnectGate;
import dev.community.loadtest.client.SendBudget;
import dev.community.loadtest.client.SendMode;
import dev.community.loadtest.client.SimClient;
import dev.community.loadtest.client.StreamLink;
import dev.community.loadtest.measure.LatencySummary;
import dev.community.loadtest.measure.Measurements;
import dev.community.loadtest.measure.Sampler;
import dev.community.loadtest.soak.SoakCrew;
import dev.community.loadtest.soak.SoakReport;
import dev.community.loadtest.measure.SeriesPoint;
import dev.community.loadtest.measure.ServerSample;
import dev.community.loadtest.report.RestartResult;
import dev.community.loadtest.report.RunResult;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes one {@link RunPlan} in bounded phases — connect, send (or hold), probe, drain, close — then audits
 * what every member received and assembles the {@link RunResult}. The calling thread only orchestrates and
 * waits; all client work happens on the client loops.
 */
public final class LoadRun {
    private static final Logger log = LoggerFactory.getLogger(LoadRun.class);
    /** How often the paced senders of a loop are given their due. */
    static final long TICK_MILLIS = 5;
    /** How often the orchestrator checks whether a phase is done. */
    private static final long POLL_MILLIS = 50;

    private final RunPlan plan;
    private final ClientSettings settings;
    private final HarnessOptions options;

    public LoadRun(RunPlan plan, ClientSettings settings, HarnessOptions options) {
        this.plan = plan;
        this.settings = settings;
        this.options = options;
    }

    public RunResult execute() throws InterruptedException {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        Measurements measurements = new Measurements();
        SendBudget budget = new SendBudget(plan.maxMessages());
        Map<UUID, RoomLedger> rooms = new LinkedHashMap<>();
        List<SimClient> clients = new ArrayList<>(plan.clients().size());
        ServerHeap heap = new ServerHeap();
        if (plan.measureIdleHeap()) {
            heap.before = options.idleHeap().get();
        }
        ClientPool pool = new ClientPool(options.eventLoops(), options.sourceAddresses());
        Sampler sampler = new Sampler(measurements, options.probe(), options.progress(), start);
        AbuseCrew crew = plan.abuse().abusers() > 0 ? new AbuseCrew(plan.abuse(), settings.target(), settings.tokens(),
                settings.codec(), options.metricsUrl()) : null;
        SoakCrew soakCrew = plan.soak() == null ? null : new SoakCrew(plan.soak(), settings.nodes(), settings.tokens(),
                settings.codec(), rooms, settings.runId(), options.metricsUrl(), sampler::series,
                "after-full-gc".equals(options.idleHeapMethod()) ? options.idleHeap() : null, start);
        try {
            ConnectGate gate = new ConnectGate(options.connectConcurrency());
            // Over the user stream the clients of one user are its rooms on one connection.
            Map<String, StreamLink> streams = new LinkedHashMap<>();
            // Nodes are dealt in turn within each room, starting one node further in each room, so that every room
            // has members (and senders) on every node and cross-node delivery carries the traffic.
            Map<UUID, Integer> dealtInRoom = new LinkedHashMap<>();
            Map<UUID, Integer> roomOrdinals = new LinkedHashMap<>();
            for (ClientSpec spec : plan.clients()) {
                RoomLedger room = rooms.computeIfAbsent(spec.roomId(), RoomLedger::new);
                int roomOrdinal = roomOrdinals.computeIfAbsent(spec.roomId(), r -> roomOrdinals.size());
                int homeNode = roomOrdinal + dealtInRoom.merge(spec.roomId(), 1, Integer::sum) - 1;
                StreamLink link = plan.transport() == Transport.STREAM || spec.stream()
                        ? streams.computeIfAbsent(spec.userId(), u -> new StreamLink(spec.index())) : null;
                clients.add(new SimClient(spec.index(), spec.userId(), spec.roomId(), spec.mode(),
                        new MemberLedger(spec.userId(), room), settings, pool, gate, budget, measurements, link,
                        homeNode));
            }
            Map<EventLoop, List<SimClient>> byLoop = byLoop(clients);
            sampler.start(options.sampleMillis());

            sampler.phase("connect");
            log.info("{}: connecting {} clients ({} transport, {} loops)", plan.scenario(), clients.size(),
                    pool.epoll() ? "epoll" : "nio", pool.loopCount());
            long connectStart = System.nanoTime();
            for (SimClient client : clients) {
                client.connect();
            }
            long connectEnd = awaitConnected(clients, gate, connectStart);
            double connectSeconds = (connectEnd - connectStart) / 1e9;

            boolean warmingUp = hasSenders() && !options.warmup().isZero();
            sampler.phase(warmingUp ? "warm-up" : hasSenders() ? "send" : "hold");
            long sendStart = System.nanoTime();
            long measuredFrom = sendStart + options.warmup().toNanos();
            if (warmingUp) {
                // Set before the first send: what arrives during the warm-up is recorded as the warm-up's.
                measurements.measureFrom(measuredFrom);
            }
            budget.open();
            if (crew != null) {
                crew.start();
            }
            if (soakCrew != null) {
                soakCrew.start();
            }
            long typingBefore = measurements.typingCount();
            for (Map.Entry<EventLoop, List<SimClient>> entry : byLoop.entrySet()) {
                List<SimClient> loopClients = entry.getValue();
                entry.getKey().execute(() -> loopClients.forEach(SimClient::startSending));
            }
            List<ScheduledFuture<?>> timers = startTickers(byLoop);
            double warmupSeconds = 0;
            if (warmingUp) {
                // The same offered load, measured apart: the server's first seconds are its JIT compiler's.
                // The orchestrator's poll, cut short at the boundary so the measured counts start on time.
                while (System.nanoTime() < measuredFrom && budget.isOpen()) {
                    Thread.sleep(Math.max(1, Math.min(POLL_MILLIS, (measuredFrom - System.nanoTime()) / 1_000_000)));
                }
                // A message budget spent within the warm-up ends it there: the measured phase is then empty.
                long warmupEnd = Math.min(measuredFrom, System.nanoTime());
                warmupSeconds = (warmupEnd - sendStart) / 1e9;
                sendStart = warmupEnd;
                sampler.phase("send");
            }
            long sentBefore = measurements.sentCount();
            long ackedBefore = measurements.ackedCount();
            long deliveredBefore = measurements.deliveredCount();
            // Drops pick connections: a stream is one, whichever of its rooms' clients stands for it.
            DropSchedule drops = plan.dropsPerSecond() > 0
                    ? new DropSchedule(clients.stream().filter(SimClient::ownsConnection).toList(), plan.dropsPerSecond())
                    : null;
            ServerRestart restart = plan.restart() == null ? null : new ServerRestart(plan.restart(), clients);
            long sendDeadline = sendStart + plan.sendDuration().toNanos();
            while (System.nanoTime() < sendDeadline && (budget.isOpen() || !hasSenders())) {
                if (drops != null) {
                    drops.step();
                }
                if (restart != null) {
                    restart.step(sendStart);
                }
                Thread.sleep(POLL_MILLIS);
            }
            budget.close();
            long sendEnd = System.nanoTime();
            double sendSeconds = (sendEnd - sendStart) / 1e9;
            SoakReport soak = soakCrew == null ? null : soakCrew.stop();
            AbuseReport abuse = crew == null ? null
                    : crew.stop(measurements.typingCount() - typingBefore, clients.size(), sendSeconds);
            // with a warm-up, the measured sends are those stamped after it (a lagging sender's are the warm-up's)
            long sent = measurements.sentCount() - (warmingUp ? measurements.warmupSentCount() : sentBefore);
            long acked = measurements.ackedCount() - ackedBefore;
            long delivered = measurements.deliveredCount() - deliveredBefore;
            if (plan.measureIdleHeap()) {
                heap.after = options.idleHeap().get();
                heap.connections = measurements.openConnections();
            }

            sampler.phase("drain");
            if (plan.probesPerRoom() > 0) {
                sendProbes(clients);
            }
            awaitDrained(byLoop);
            RestartResult restarted = restart == null ? null : restart.result();
            long drainEnd = System.nanoTime();
            for (ScheduledFuture<?> timer : timers) {
                timer.cancel(false);
            }

            sampler.phase("close");
            int neverStarted = gate.close();
            if (neverStarted > 0) {
                measurements.error("connect:not_started_by_end", neverStarted);
            }
            closeAll(byLoop);
            sampler.close();
            pool.close();
            long unanswered = 0;
            for (SimClient client : clients) {
                unanswered += client.outstandingCount();
            }
            List<MemberLedger> ledgers = clients.stream().map(SimClient::ledger).toList();
            AuditResult audit = Audit.judge(ledgers, unanswered);
            double total = (System.nanoTime() - start) / 1e9;
            RunResult.Warmup warmup = warmingUp ? new RunResult.Warmup(round(warmupSeconds), measurements.warmupSentCount(),
                    LatencySummary.ofMicros(sampler.warmupAckHistogram()),
                    LatencySummary.ofMicros(sampler.warmupDeliveryHistogram())) : null;
            return result(startedAt, measurements, sampler, audit, heap, abuse, restarted, soak, warmup,
                    new RunResult.Phases(round(connectSeconds), round(sendSeconds), round((drainEnd - sendEnd) / 1e9),
                            round(total)),
                    sent, acked, delivered, sendSeconds, connectSeconds, pool.epoll(), pool.loopCount());
        } finally {
            // All idempotent: on the normal path they were closed before the audit, which needs the loops stopped.
            if (crew != null) {
                crew.close();
            }
            if (soakCrew != null) {
                soakCrew.close();
            }
            sampler.close();
            pool.close();
        }
    }

    private boolean hasSenders() {
        return plan.clients().stream().anyMatch(c -> !(c.mode() instanceof SendMode.Silent));
    }

    private static Map<EventLoop, List<SimClient>> byLoop(List<SimClient> clients) {
        Map<EventLoop, List<SimClient>> byLoop = new LinkedHashMap<>();
        for (SimClient client : clients) {
            byLoop.computeIfAbsent(client.loop(), l -> new ArrayList<>()).add(client);
        }
        return byLoop;
    }

    /** Waits until every client is live or has failed, or the connect deadline passed; returns when the last got room_state. */
    private long awaitConnected(List<SimClient> clients, ConnectGate gate, long connectStart) throws InterruptedException {
        long deadline = connectStart + plan.connectDeadline().toNanos();
        long lastProgress = System.nanoTime();
        int lastLive = -1;
        while (System.nanoTime() < deadline) {
            int live = 0;
            int settled = 0;
            for (SimClient client : clients) {
                SimClient.State state = client.state();
                if (state == SimClient.State.LIVE) {
                    live++;
                    settled++;
                } else if (state == SimClient.State.FAILED || state == SimClient.State.CLOSED) {
                    settled++;
                }
            }
            if (live != lastLive) {
                lastLive = live;
                lastProgress = System.nanoTime();
            }
            if (settled == clients.size() && gate.inFlight() == 0 && gate.waiting() == 0) {
                return lastProgress;
            }
            Thread.sleep(POLL_MILLIS / 5);
        }
        log.warn("{}: connect phase hit its deadline of {}s with {} clients still connecting", plan.scenario(),
                plan.connectDeadline().toSeconds(), clients.stream().filter(c -> c.state() != SimClient.State.LIVE
                        && c.state() != SimClient.State.FAILED && c.state() != SimClient.State.CLOSED).count());
        return System.nanoTime();
    }

    private static List<ScheduledFuture<?>> startTickers(Map<EventLoop, List<SimClient>> byLoop) {
        List<ScheduledFuture<?>> timers = new ArrayList<>();
        for (Map.Entry<EventLoop, List<SimClient>> entry : byLoop.entrySet()) {
            List<SimClient> senders = entry.getValue().stream().filter(c -> c.mode() instanceof SendMode.Paced).toList();
            if (senders.isEmpty()) {
                continue;
            }
            timers.add(entry.getKey().scheduleAtFixedRate(() -> {
                long now = System.nanoTime();
                for (SimClient sender : senders) {
                    sender.tick(now);
                }
                for (SimClient sender : senders) {
                    sender.flushIfNeeded();
                }
            }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS));
        }
        return timers;
    }

    /** One live member per room sends the plan's probe messages. */
    private void sendProbes(List<SimClient> clients) {
        Map<UUID, SimClient> firstLive = new LinkedHashMap<>();
        for (SimClient client : clients) {
            if (client.state() == SimClient.State.LIVE) {
                firstLive.putIfAbsent(client.roomId(), client);
            }
        }
        for (SimClient prober : firstLive.values()) {
            prober.loop().execute(() -> prober.sendNow(plan.probesPerRoom()));
        }
    }

    /**
     * Waits, up to the drain timeout, until every send is answered, every live member has received up to its
     * room's highest acknowledged seq, and no client is mid-reconnect or filling a resume's gap.
     */
    private void awaitDrained(Map<EventLoop, List<SimClient>> byLoop) throws InterruptedException {
        long deadline = System.nanoTime() + plan.drainTimeout().toNanos();
        while (System.nanoTime() < deadline) {
            Thread.sleep(POLL_MILLIS);
            if (allOnLoops(byLoop, LoadRun::drained)) {
                return;
            }
        }
        log.warn("{}: drain timed out after {}s", plan.scenario(), plan.drainTimeout().toSeconds());
    }

    private static boolean drained(SimClient client) {
        SimClient.State state = client.state();
        if (state == SimClient.State.CONNECTING || state == SimClient.State.DROPPED) {
            return false;
        }
        if (client.outstandingCount() > 0 && state == SimClient.State.LIVE) {
            return false;
        }
        return state != SimClient.State.LIVE
                || !client.fillingGap() && client.ledger().lastSeq() >= client.ledger().room().maxAcked();
    }

    /** True when {@code test} holds for every client, each checked on its own loop. */
    private static boolean allOnLoops(Map<EventLoop, List<SimClient>> byLoop, java.util.function.Predicate<SimClient> test)
            throws InterruptedException {
        List<Future<Boolean>> answers = new ArrayList<>();
        for (Map.Entry<EventLoop, List<SimClient>> entry : byLoop.entrySet()) {
            List<SimClient> loopClients = entry.getValue();
            Callable<Boolean> check = () -> loopClients.stream().allMatch(test);
            answers.add(entry.getKey().submit(check));
        }
        boolean all = true;
        for (Future<Boolean> answer : answers) {
            try {
                all &= answer.get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                return false;
            }
        }
        return all;
    }

    private static void closeAll(Map<EventLoop, List<SimClient>> byLoop) throws InterruptedException {
        List<Future<?>> done = new ArrayList<>();
        for (Map.Entry<EventLoop, List<SimClient>> entry : byLoop.entrySet()) {
            List<SimClient> loopClients = entry.getValue();
            done.add(entry.getKey().submit(() -> loopClients.forEach(SimClient::close)));
        }
        for (Future<?> f : done) {
            f.await(10, TimeUnit.SECONDS);
        }
        // Let the close handshakes finish before the loops stop, so the server logs normal closes.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline && !allOnLoops(byLoop, c -> c.state() != SimClient.State.CLOSING)) {
            Thread.sleep(POLL_MILLIS);
        }
    }

    private RunResult result(Instant startedAt, Measurements m, Sampler sampler, AuditResult audit, ServerHeap heap,
                             AbuseReport abuse, RestartResult restarted, SoakReport soak, RunResult.Warmup warmup,
                             RunResult.Phases phases, long sent, long acked, long delivered, double sendSeconds,
                             double connectSeconds, boolean epoll, int loops) {
        List<SeriesPoint> series = sampler.series();
        double peakAcked = 0;
        double peakDelivered = 0;
        long peakOpen = 0;
        for (SeriesPoint p : series) {
            peakAcked = Math.max(peakAcked, p.ackedPerSecond());
            peakDelivered = Math.max(peakDelivered, p.deliveredPerSecond());
            peakOpen = Math.max(peakOpen, p.openConnections());
        }
        double seconds = Math.max(sendSeconds, 1e-9);
        RunResult.Rates rates = new RunResult.Rates(round(sent / seconds), round(acked / seconds),
                round(delivered / seconds), peakAcked, peakDelivered,
                connectSeconds > 0 ? round(m.connectCount() / connectSeconds) : 0);
        RunResult.Counts counts = new RunResult.Counts(plan.clients().size(), m.connectCount(), peakOpen,
                m.reconnectCount(), m.sentCount(), m.ackedCount(), m.deliveredCount(), m.pongCount());
        RunResult.Latencies latencies = new RunResult.Latencies(LatencySummary.ofMicros(sampler.ackHistogram()),
                LatencySummary.ofMicros(sampler.deliveryHistogram()), LatencySummary.ofMicros(sampler.connectHistogram()));
        List<String> sources = options.sourceAddresses().stream().map(InetAddress::getHostAddress).toList();
        RunResult.Harness harness = new RunResult.Harness(epoll ? "epoll" : "nio", loops, sources,
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                settings.alignedSends() ? "aligned" : "spread");
        return new RunResult(plan.scenario(), startedAt.toString(), String.join(",",
                settings.nodes().stream().map(dev.community.loadtest.client.LoopbackTarget::authority).toList()),
                plan.parameters(),
                harness, phases, counts, rates, latencies, warmup, m.errors(), server(sampler.serverSamples(), heap), audit,
                series, abuse, restarted, soak);
    }

    private RunResult.Server server(List<ServerSample> samples, ServerHeap heap) {
        double cpuSum = 0;
        int cpuCount = 0;
        double cpuMax = Double.NaN;
        long heapMax = -1;
        long rssMax = -1;
        for (ServerSample s : samples) {
            if (!Double.isNaN(s.cpuPercent())) {
                cpuSum += s.cpuPercent();
                cpuCount++;
                cpuMax = Double.isNaN(cpuMax) ? s.cpuPercent() : Math.max(cpuMax, s.cpuPercent());
            }
            heapMax = Math.max(heapMax, s.heapBytes());
            rssMax = Math.max(rssMax, s.rssBytes());
        }
        long before = heap.before.orElse(-1);
        long after = heap.after.orElse(-1);
        double perConnection = before >= 0 && after >= 0 && heap.connections > 0
                ? Math.round((after - before) / (double) heap.connections) : Double.NaN;
        String method = plan.measureIdleHeap() ? options.idleHeapMethod() : "none";
        return new RunResult.Server(cpuCount == 0 ? Double.NaN : round(cpuSum / cpuCount), cpuMax, heapMax, rssMax,
                before, after, perConnection, method);
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** The idle-heap readings of a run. */
    private static final class ServerHeap {
        OptionalLong before = OptionalLong.empty();
        OptionalLong after = OptionalLong.empty();
        long connections;
    }

    /** Drops random live clients at a steady rate; each resumes by itself after its reconnect delay. */
    private static final class DropSchedule {
        private final List<SimClient> clients;
        private final double perSecond;
        private final SplittableRandom random = new SplittableRandom(42);
        private final long startNanos = System.nanoTime();
        private long dropped;

        DropSchedule(List<SimClient> clients, double perSecond) {
            this.clients = clients;
            this.perSecond = perSecond;
        }

        void step() {
            long due = (long) ((System.nanoTime() - startNanos) / 1e9 * perSecond) - dropped;
            for (long i = 0; i < due; i++) {
                SimClient victim = clients.get(random.nextInt(clients.size()));
                victim.loop().execute(victim::drop);
                dropped++;
            }
        }
    }
}
