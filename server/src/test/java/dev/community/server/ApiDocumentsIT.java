package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.server.support.CheckedHttp;
import dev.community.server.support.TestServer;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The contract's specs as the server serves them: JSON on both ports, without a token, cacheable. */
class ApiDocumentsIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dataDir;
    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        // No admin token: the specs are served on the operator port all the same.
        server = TestServer.start(dataDir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<String> get(URI uri, String ifNoneMatch) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (ifNoneMatch != null) {
            request.header("If-None-Match", ifNoneMatch);
        }
        return CheckedHttp.send(request.build());
    }

    @Test
    void bothSpecsAreServedAsJsonOnBothPortsWithoutAToken() throws Exception {
        for (String path : List.of("/community/openapi.json", "/community/asyncapi.json")) {
            HttpResponse<String> publicPort = get(server.http(path), null);
            HttpResponse<String> adminPort = get(server.admin(path), null);
            assertThat(publicPort.statusCode()).as(path).isEqualTo(200);
            assertThat(adminPort.statusCode()).as(path).isEqualTo(200);
            assertThat(publicPort.headers().firstValue("Content-Type")).hasValue("application/json");
            assertThat(adminPort.body()).isEqualTo(publicPort.body());
            assertThat(adminPort.headers().firstValue("ETag")).isEqualTo(publicPort.headers().firstValue("ETag"));
            assertThat(publicPort.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
        }
        JsonNode openApi = JSON.readTree(get(server.http("/community/openapi.json"), null).body());
        assertThat(openApi.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(openApi.path("info").path("version").asText()).as("the version PROTOCOL.md states")
                .isEqualTo(dev.community.server.support.ContractVersion.stated());
        JsonNode asyncApi = JSON.readTree(get(server.http("/community/asyncapi.json"), null).body());
        assertThat(asyncApi.path("asyncapi").asText()).isEqualTo("3.0.0");
    }

    @Test
    void theServedAsyncApiRefersToTheServedOpenApi() throws Exception {
        JsonNode asyncApi = JSON.readTree(get(server.http("/community/asyncapi.json"), null).body());
        List<String> external = new ArrayList<>();
        collectRefs(asyncApi, external);
        assertThat(external).isNotEmpty().allSatisfy(ref -> assertThat(ref).matches("#/.*|openapi\\.json#/components/schemas/.*"));
        assertThat(external).contains("openapi.json#/components/schemas/Message");
    }

    @Test
    void aMatchingETagAnswers304WithoutABody() {
        String etag = get(server.http("/community/openapi.json"), null).headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = get(server.http("/community/openapi.json"), etag);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(get(server.http("/community/openapi.json"), "\"stale\"").statusCode()).isEqualTo(200);
    }

    @Test
    void onlyGetIsAllowed() {
        HttpResponse<String> post = CheckedHttp.send(HttpRequest.newBuilder(server.http("/community/openapi.json"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(post.statusCode()).isEqualTo(405);
        assertThat(post.headers().firstValue("Allow")).hasValue("GET");
        HttpResponse<String> adminPost = CheckedHttp.send(HttpRequest.newBuilder(server.admin("/community/asyncapi.json"))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(adminPost.statusCode()).isEqualTo(405);
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && ref.isTextual()) {
                refs.add(ref.textValue());
            }
        }
        node.forEach(child -> collectRefs(child, refs));
    }
}
