package dev.community.loadtest.soak;

import dev.community.loadtest.measure.PrometheusText;
import dev.community.loadtest.measure.SeriesPoint;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Reads the server's resources from its admin {@code /metrics} once per soak interval and pairs them with the
 * harness's worst p99 of that interval. Without a metrics URL (or when a scrape fails, e.g. during a fault) the
 * server's figures are −1 for that sample; the trend leaves them out.
 *
 * <p>The heap after GC is read with a full collection through {@code jcmd} when the server's pid was given (one
 * forced collection per interval: honest, and cheap at a minute's interval); otherwise from
 * {@code jvm_gc_live_data_size_bytes}, which stays 0 (read as unknown) until the server's first old-generation
 * collection.
 */
final class ResourceWatch {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI metricsUrl;
    private final Supplier<List<SeriesPoint>> series;
    private final Supplier<OptionalLong> heapAfterFullGc;
    private final List<ResourceSample> samples = new ArrayList<>();
    private double lastSeconds;

    /**
     * @param metricsUrl the server's Prometheus endpoint, or null
     * @param series     the run's fine-grained samples so far (for the p99 of the interval)
     * @param heapAfterFullGc collects and reads the server's heap (with its pid), or null
     */
    ResourceWatch(URI metricsUrl, Supplier<List<SeriesPoint>> series, Supplier<OptionalLong> heapAfterFullGc) {
        this.metricsUrl = metricsUrl;
        this.series = series;
        this.heapAfterFullGc = heapAfterFullGc;
    }

    /**
     * Takes a sample, unless the sampling thread is interrupted meanwhile: the run's end stops the scheduler while a
     * periodic sample may be scraping, and a sample cut short (every figure unknown) is not a reading of the server.
     */
    synchronized void sample(double seconds) {
        PrometheusText metrics = scrape();
        if (Thread.currentThread().isInterrupted()) {
            return;
        }
        double ackP99 = 0;
        double deliveryP99 = 0;
        for (SeriesPoint point : series.get()) {
            if (point.seconds() > lastSeconds && point.seconds() <= seconds + 0.5) {
                ackP99 = Math.max(ackP99, point.ackP99Ms());
                deliveryP99 = Math.max(deliveryP99, point.deliveryP99Ms());
            }
        }
        lastSeconds = seconds;
        samples.add(new ResourceSample(Math.round(seconds * 10) / 10.0,
                heapAfterGc(metrics),
                figure(metrics, "jvm_memory_used_bytes", "area", "heap"),
                figure(metrics, "jvm_buffer_memory_used_bytes", "id", "direct"),
                figure(metrics, "process_files_open_files", null, null),
                figure(metrics, "jvm_threads_live_threads", null, null),
                figure(metrics, "community_blocking_queue_depth", null, null),
                figure(metrics, "community_ws_connections", null, null),
                ackP99, deliveryP99));
    }

    private long heapAfterGc(PrometheusText metrics) {
        if (heapAfterFullGc != null) {
            OptionalLong collected = heapAfterFullGc.get();
            if (collected.isPresent()) {
                return collected.getAsLong();
            }
        }
        long live = figure(metrics, "jvm_gc_live_data_size_bytes", null, null);
        return live > 0 ? live : -1;
    }

    synchronized List<ResourceSample> samples() {
        return List.copyOf(samples);
    }

    private PrometheusText scrape() {
        if (metricsUrl == null) {
            return null;
        }
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(metricsUrl).timeout(Duration.ofSeconds(5))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 200 ? PrometheusText.parse(answer.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static long figure(PrometheusText metrics, String name, String label, String value) {
        if (metrics == null) {
            return -1;
        }
        double sum = label == null ? metrics.sum(name) : metrics.sum(name, labels -> value.equals(labels.get(label)));
        return Double.isNaN(sum) ? -1 : Math.round(sum);
    }
}
