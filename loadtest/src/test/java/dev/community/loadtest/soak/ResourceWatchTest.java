package dev.community.loadtest.soak;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The soak's resource samples are readings of the server, never a sample the run's end cut short. */
class ResourceWatchTest {
    private HttpServer metrics;

    @BeforeEach
    void serveMetrics() throws IOException {
        metrics = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        metrics.createContext("/metrics", exchange -> {
            byte[] body = "process_files_open_files 12.0\njvm_threads_live_threads 30.0\n"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        metrics.start();
    }

    @AfterEach
    void stop() {
        metrics.stop(0);
    }

    @Test
    void aSampleWhoseThreadIsInterruptedIsNotRecorded() {
        ResourceWatch watch = new ResourceWatch(URI.create("http://127.0.0.1:" + metrics.getAddress().getPort()
                + "/metrics"), List::of, null);

        watch.sample(1.0);
        // what the run's end does to a periodic sample still scraping (the scheduler's shutdownNow)
        Thread.currentThread().interrupt();
        try {
            watch.sample(2.0);
        } finally {
            Thread.interrupted();
        }
        watch.sample(3.0);

        assertThat(watch.samples()).extracting(ResourceSample::seconds).containsExactly(1.0, 3.0);
        assertThat(watch.samples()).allSatisfy(sample -> {
            assertThat(sample.openFiles()).isEqualTo(12);
            assertThat(sample.threads()).isEqualTo(30);
        });
    }
}
