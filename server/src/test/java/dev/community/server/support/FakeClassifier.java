package dev.community.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A moderation API on a loopback port (the JDK's HttpServer), answering in the widely used shape. What it answers
 * is written in the input it is asked about, so a test's message says what the classifier will do:
 * <ul>
 *   <li>{@code scores harassment=0.9 violence=0.1}: those category scores ("flagged" false);</li>
 *   <li>{@code flagged}: no score reaches anything, but "flagged" is true;</li>
 *   <li>{@code status503}, {@code status401}: answers that status; {@code garbage}: a 200 that is no moderation
 *       answer; {@code huge}: a 200 of 2 MiB;</li>
 *   <li>{@code hang}: answers (as below) only once {@link #release()} is called (or the fake closes);</li>
 *   <li>anything else: every score 0.01.</li>
 * </ul>
 * Every request is recorded (body and Authorization header).
 */
public final class FakeClassifier implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received. */
    public record Request(JsonNode body, String authorization) {
        public String input() {
            return body.path("input").asText();
        }
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile CountDownLatch hang = new CountDownLatch(1);

    public FakeClassifier() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.createContext("/v1/moderations", this::answer);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/moderations";
    }

    public List<Request> requests() {
        return requests;
    }

    /** The requests whose input contains {@code text}. */
    public List<Request> asked(String text) {
        return requests.stream().filter(r -> r.input().contains(text)).toList();
    }

    /** Lets every hanging request answer (with low scores), and makes later ones hang again. */
    public void release() {
        CountDownLatch released = hang;
        hang = new CountDownLatch(1);
        released.countDown();
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode body = JSON.readTree(exchange.getRequestBody());
            Request request = new Request(body, exchange.getRequestHeaders().getFirst("Authorization"));
            // taken before the request is visible, so a release() by a test that saw it always lets it go
            CountDownLatch until = hang;
            requests.add(request);
            String input = request.input();
            if (input.contains("hang")) {
                try {
                    until.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            if (input.contains("status503")) {
                send(exchange, 503, "{\"error\":\"overloaded\"}");
                return;
            }
            if (input.contains("status401")) {
                send(exchange, 401, "{\"error\":\"invalid api key\"}");
                return;
            }
            if (input.contains("huge")) {
                send(exchange, 200, "{\"results\":[{\"category_scores\":{}}],\"padding\":\"" + "x".repeat(2 << 20) + "\"}");
                return;
            }
            if (input.contains("garbage")) {
                send(exchange, 200, "{\"id\":\"modr-1\",\"results\":\"none\"}");
                return;
            }
            ObjectNode result = JSON.createObjectNode();
            ObjectNode categories = result.putObject("categories");
            ObjectNode scores = result.putObject("category_scores");
            scores.put("harassment", 0.01);
            scores.put("violence", 0.01);
            int at = input.indexOf("scores ");
            if (at >= 0) {
                for (String pair : input.substring(at + "scores ".length()).split("\\s+")) {
                    int eq = pair.indexOf('=');
                    if (eq < 0) {
                        break;
                    }
                    scores.put(pair.substring(0, eq), Double.parseDouble(pair.substring(eq + 1)));
                }
            }
            boolean flagged = input.contains("flagged");
            scores.fieldNames().forEachRemaining(name -> categories.put(name, flagged));
            result.put("flagged", flagged);
            ObjectNode answer = JSON.createObjectNode().put("id", "modr-1").put("model", body.path("model").asText());
            answer.putArray("results").add(result);
            send(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        hang.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
