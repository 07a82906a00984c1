package dev.community.loadtest.abuse;

import dev.community.loadtest.client.AccessTokens;
import dev.community.loadtest.client.LoopbackTarget;
import dev.community.loadtest.measure.PrometheusText;
import dev.community.protocol.JsonCodec;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs an {@link AbusePlan}'s abusers beside the honest members: started when the honest send phase starts,
 * stopped when it ends, then summarised. Abusers share one JDK HTTP client (two threads) and one scheduler
 * thread that gives each its due every {@link #TICK_MILLIS} ms; they never block either.
 */
public final class AbuseCrew implements AutoCloseable {
    /** The server's WebSocket closes, by their {@link #CLOSE_CODE_LABEL} label (docs/OPERATIONS.md). */
    static final String CLOSES = "community_ws_closes_total";
    static final String CLOSE_CODE_LABEL = "code"; // a label of the operator port's metrics, not a contract name
    /** The server's budget refusals, by their {@link #BUDGET_LABEL} label. */
    static final String REFUSALS = "community_budget_rejections_total";
    static final String BUDGET_LABEL = "budget";
    static final long TICK_MILLIS = 10;

    private final AbusePlan plan;
    private final URI metricsUrl;
    private final List<Abuser> abusers = new ArrayList<>();
    private final ExecutorService httpThreads;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private PrometheusText metricsBefore;

    /**
     * @param metricsUrl the server's {@code /metrics}, or null: then the report has only what the abusers saw
     */
    public AbuseCrew(AbusePlan plan, LoopbackTarget target, AccessTokens tokens, JsonCodec codec, URI metricsUrl) {
        this.plan = plan;
        this.metricsUrl = metricsUrl;
        this.httpThreads = Executors.newFixedThreadPool(2, daemon("abuse-http"));
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(httpThreads)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(daemon("abuse-ticker"));
        AbuseTarget reach = new AbuseTarget(http, target, tokens, codec);
        for (int i = 0; i < plan.abusers(); i++) {
            abusers.add(abuser(plan, reach, i));
        }
    }

    private static Abuser abuser(AbusePlan plan, AbuseTarget reach, int i) {
        AbuseKind kind = plan.kindOf(i);
        return switch (kind) {
            case STOP_READING, REQUEST_FLOOD, TYPING_FLOOD ->
                    new SocketAbuser(kind, reach, plan.userOf(i), plan.roomOf(i), plan.ratePerSecond());
            case CHURN -> new ChurnAbuser(reach, plan.userOf(i), plan.roomOf(i), plan.ratePerSecond());
            case REST_FLOOD -> new RestAbuser(reach, plan.userOf(i), plan.ratePerSecond());
        };
    }

    /** Starts every abuser (and reads the server's counters to compare with at the end). */
    public void start() {
        if (abusers.isEmpty()) {
            return;
        }
        metricsBefore = scrape();
        scheduler.scheduleAtFixedRate(() -> {
            long now = System.nanoTime();
            for (Abuser abuser : abusers) {
                abuser.tick(now);
            }
        }, 0, TICK_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Stops every abuser and says what they met.
     *
     * @param typingEvents  typing events the honest members received while the abusers ran
     * @param members       honest members
     * @param seconds       how long the abusers ran
     */
    public AbuseReport stop(long typingEvents, int members, double seconds) {
        double typingEventsPerMemberSecond = members == 0 || seconds <= 0 ? 0
                : Math.round(typingEvents / (double) members / seconds * 1000) / 1000.0;
        scheduler.shutdownNow();
        abusers.forEach(Abuser::stop);
        PrometheusText after = abusers.isEmpty() ? null : scrape();
        Map<AbuseKind, List<AbuserTally>> byKind = new EnumMap<>(AbuseKind.class);
        for (Abuser abuser : abusers) {
            byKind.computeIfAbsent(abuser.tally().kind(), k -> new ArrayList<>()).add(abuser.tally());
        }
        double typingAllowance = typingAllowance(byKind.getOrDefault(AbuseKind.TYPING_FLOOD, List.of()).size(),
                plan.rooms().size(), seconds);
        boolean typingHeld = typingEventsPerMemberSecond <= typingAllowance;
        List<AbuseReport.KindSummary> kinds = new ArrayList<>();
        byKind.forEach((kind, tallies) -> kinds.add(summary(kind, tallies, typingHeld)));
        return new AbuseReport(plan.abusers(), plan.ratePerSecond(), kinds, typingEventsPerMemberSecond, typingAllowance,
                increase(metricsBefore, after, CLOSES, CLOSE_CODE_LABEL),
                increase(metricsBefore, after, REFUSALS, BUDGET_LABEL));
    }

    /**
     * Typing events a member may receive a second over {@code seconds}: from each typing flooder in its room the
     * first change at once and then at most one a second (the contract's rule); bounded by the busiest room, the
     * flooders being dealt over the rooms like cards.
     */
    static double typingAllowance(int typingFlooders, int rooms, double seconds) {
        if (rooms == 0 || seconds <= 0) {
            return 0;
        }
        double perFlooder = (Math.floor(seconds) + 1) / seconds;
        return Math.ceil((double) typingFlooders / rooms) * perFlooder;
    }

    /** The abusers of one kind; typing flooders are all held or none, as judged from the honest side. */
    static AbuseReport.KindSummary summary(AbuseKind kind, List<AbuserTally> tallies, boolean typingHeld) {
        long sent = 0;
        long connects = 0;
        long throttled = 0;
        int held = 0;
        Map<Integer, Long> closes = new TreeMap<>();
        for (AbuserTally t : tallies) {
            sent += t.sentCount();
            connects += t.connectCount();
            throttled += t.throttledCount();
            t.serverCloses().forEach((code, n) -> closes.merge(code, n, Long::sum));
            if (kind == AbuseKind.TYPING_FLOOD ? typingHeld : t.held()) {
                held++;
            }
        }
        return new AbuseReport.KindSummary(kind.label(), tallies.size(), sent, connects, throttled, closes, held);
    }

    /** How much the series of {@code name} grew between the two scrapes, summed by their {@code label}. */
    static Map<String, Long> increase(PrometheusText before, PrometheusText after, String name, String label) {
        Map<String, Long> out = new TreeMap<>();
        if (before == null || after == null) {
            return out;
        }
        Map<String, Double> was = byLabel(before, name, label);
        byLabel(after, name, label).forEach((value, now) -> {
            long grew = Math.round(now - was.getOrDefault(value, 0.0));
            if (grew > 0) {
                out.put(value, grew);
            }
        });
        return out;
    }

    private static Map<String, Double> byLabel(PrometheusText metrics, String name, String label) {
        Map<String, Double> totals = new TreeMap<>();
        for (PrometheusText.Sample s : metrics.samples()) {
            String value = s.labels().get(label);
            if (s.name().equals(name) && value != null) {
                totals.merge(value, s.value(), Double::sum);
            }
        }
        return totals;
    }

    private PrometheusText scrape() {
        if (metricsUrl == null) {
            return null;
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? PrometheusText.parse(answer.body()) : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        abusers.forEach(Abuser::stop);
        httpThreads.shutdownNow();
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }
}
