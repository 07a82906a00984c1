package dev.community.loadtest.measure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Reads the server's admin-port {@code /metrics} (Micrometer's Prometheus names): {@code process_cpu_usage}
 * (a 0..1 share of the machine), {@code jvm_memory_used_bytes{area="heap"}} and {@code community_ws_connections}.
 * A failed scrape is an unknown reading, not an error: the admin port is optional.
 */
public final class MetricsProbe implements ServerProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI url;

    public MetricsProbe(URI url) {
        this.url = url;
    }

    @Override
    public ServerSample sample() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                return ServerSample.UNKNOWN;
            }
            return read(PrometheusText.parse(response.body()));
        } catch (IOException e) {
            return ServerSample.UNKNOWN;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ServerSample.UNKNOWN;
        }
    }

    /** The figures this probe knows, from one scrape. */
    static ServerSample read(PrometheusText metrics) {
        double cpu = metrics.sum("process_cpu_usage");
        double heap = metrics.sum("jvm_memory_used_bytes", labels -> "heap".equals(labels.get("area")));
        double connections = metrics.sum("community_ws_connections");
        return new ServerSample(Double.isNaN(cpu) ? Double.NaN : cpu * 100,
                Double.isNaN(heap) ? -1 : (long) heap, -1, Double.isNaN(connections) ? -1 : (long) connections);
    }
}
