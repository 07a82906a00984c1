package dev.community.server.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A real HTTP receiver of webhooks on a free loopback port (the JDK's HttpServer): records every request and
 * answers with the status its {@link #answer} policy says. {@link Request#verified} checks the Standard Webhooks
 * signature independently of the server's signer.
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpServer http;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private volatile IntSupplier answer = () -> 204;
    private final AtomicInteger calls = new AtomicInteger();

    /** One request as it arrived. */
    public record Request(String id, String timestamp, String signature, String body, int answeredWith) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON: " + body, e);
            }
        }

        public String type() {
            return json().path("type").asText();
        }

        public JsonNode data() {
            return json().path("data");
        }

        /** The Standard Webhooks check: some v1 signature is the HMAC of id.timestamp.body with the whsec_ key. */
        public boolean verified(String whsecSecret) {
            try {
                byte[] key = Base64.getDecoder().decode(whsecSecret.substring("whsec_".length()));
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key, "HmacSHA256"));
                byte[] expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
                for (String candidate : signature.split(" ")) {
                    if (candidate.startsWith("v1,") && MessageDigest.isEqual(expected,
                            Base64.getDecoder().decode(candidate.substring(3)))) {
                        return true;
                    }
                }
                return false;
            } catch (GeneralSecurityException e) {
                throw new AssertionError(e);
            }
        }
    }

    private WebhookReceiver(int port) throws IOException {
        http = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        http.createContext("/hook", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            calls.incrementAndGet();
            int status = answer.getAsInt();
            requests.add(new Request(exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(body, StandardCharsets.UTF_8), status));
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        http.start();
    }

    public static WebhookReceiver start() throws IOException {
        return new WebhookReceiver(0);
    }

    /** On a given port (a receiver that comes back where the server expects it). */
    public static WebhookReceiver start(int port) throws IOException {
        return new WebhookReceiver(port);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + http.getAddress().getPort() + "/hook");
    }

    public int port() {
        return http.getAddress().getPort();
    }

    /** Sets how the next requests are answered. */
    public void answer(IntSupplier status) {
        this.answer = status;
    }

    /** Every request so far, in arrival order. */
    public List<Request> requests() {
        return new ArrayList<>(requests);
    }

    /** The accepted (2xx) requests of one type. */
    public List<Request> accepted(String type) {
        return requests.stream().filter(r -> r.answeredWith() / 100 == 2 && r.type().equals(type)).toList();
    }

    @Override
    public void close() {
        http.stop(0);
    }
}
