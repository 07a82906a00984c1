package dev.community.loadtest.measure;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The probe scrapes a real HTTP endpoint, and an admin port that is down or failing is an unknown reading. */
class MetricsProbeTest {
    private HttpServer server;

    private URI serve(int status, String body) throws Exception {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/metrics", exchange -> {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void readsAScrape() throws Exception {
        URI url = serve(200, "process_cpu_usage 0.5\njvm_memory_used_bytes{area=\"heap\",id=\"x\"} 1024\n"
                + "community_ws_connections 7\n");
        ServerSample sample = new MetricsProbe(url).sample();
        assertThat(sample).isEqualTo(new ServerSample(50.0, 1024, -1, 7));
    }

    @Test
    void aFailingEndpointIsUnknown() throws Exception {
        assertThat(new MetricsProbe(serve(503, "down")).sample()).isEqualTo(ServerSample.UNKNOWN);
    }

    @Test
    void aClosedPortIsUnknown() throws Exception {
        URI url = serve(200, "");
        server.stop(0);
        server = null;
        assertThat(new MetricsProbe(url).sample()).isEqualTo(ServerSample.UNKNOWN);
    }
}
