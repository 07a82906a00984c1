package dev.community.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Plain HTTP for tests that build their own requests (the operator port, say): sends them and checks every
 * response against docs/openapi.yaml ({@link WireContract}), as {@link Api} does for the public port.
 */
public final class CheckedHttp {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private CheckedHttp() {
    }

    /** The response, with its body as text, once it has passed the contract check. */
    public static HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            WireContract.checkResponse(request.method(), request.uri(), response.statusCode(),
                    response.headers().firstValue("Content-Type").orElse(null), response.body());
            return response;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
