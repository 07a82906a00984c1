package dev.community.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.server.support.Api;
import dev.community.server.support.TestServer;
import dev.community.server.support.WireContract;
import dev.community.server.support.WsClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The Lounge on the public port: static files of a built client, client routes, the not-built page, dev sign-in. */
class LoungeIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "<!doctype html><title>The Lounge</title><script src=\"/lounge/assets/index-Ab12Cd.js\"></script>";
    private static final String SCRIPT = "console.log('lounge');".repeat(50);

    @TempDir
    static Path tmp;

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class Built {
        TestServer server;

        @BeforeAll
        void start() throws Exception {
            Path dist = Files.createDirectories(tmp.resolve("dist"));
            Files.writeString(dist.resolve("index.html"), INDEX);
            Files.createDirectories(dist.resolve("assets"));
            Files.writeString(dist.resolve("assets/index-Ab12Cd.js"), SCRIPT);
            Files.write(dist.resolve("assets/index-Ab12Cd.js.gz"), gzip(SCRIPT));
            Files.writeString(dist.resolve("assets/index-Ab12Cd.css"), "body{}");
            Files.writeString(dist.resolve("favicon.svg"), "<svg xmlns=\"http://www.w3.org/2000/svg\"/>");
            Files.writeString(tmp.resolve("secret.txt"), "top secret");
            server = TestServer.start(tmp.resolve("data-built"), Map.of("web.dir", dist.toString()));
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                /lounge/                          | text/html; charset=utf-8       | no-cache
                /lounge/index.html                | text/html; charset=utf-8       | no-cache
                /lounge/assets/index-Ab12Cd.js    | text/javascript; charset=utf-8 | public, max-age=31536000, immutable
                /lounge/assets/index-Ab12Cd.css   | text/css; charset=utf-8        | public, max-age=31536000, immutable
                /lounge/favicon.svg               | image/svg+xml                  | no-cache
                """)
        void filesCarryTheirContentTypeAndCacheRule(String path, String type, String cacheControl) throws IOException {
            Response response = raw(server, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status).isEqualTo(200);
            assertThat(response.header("content-type")).isEqualTo(type);
            assertThat(response.header("cache-control")).isEqualTo(cacheControl);
            assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
            assertThat(response.header("etag")).startsWith("\"");
            assertThat(response.header("last-modified")).endsWith("GMT");
            assertThat(response.body.length).isEqualTo(Integer.parseInt(response.header("content-length")));
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/lounge/", "/lounge/assets/index-Ab12Cd.js", "/lounge/assets/missing-123.js", "/lounge"})
        void everyLoungeAnswerRunsOnlyItsOwnCodeCannotBeFramedAndSendsNoReferrer(String path) throws IOException {
            Response response = raw(server, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:8080\r\n\r\n");
            String policy = response.header("content-security-policy");
            assertThat(policy).contains("default-src 'none'", "script-src 'self'", "style-src 'self'",
                    "frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'");
            assertThat(policy).contains("connect-src 'self' ws://127.0.0.1:8080 wss://127.0.0.1:8080;");
            assertThat(response.header("x-frame-options")).isEqualTo("DENY");
            assertThat(response.header("referrer-policy")).isEqualTo("no-referrer");
            assertThat(response.header("x-content-type-options")).isEqualTo("nosniff");
        }

        @Test
        void aHostHeaderThatIsNoHostDoesNotReachThePolicy() throws IOException {
            Response response = raw(server, "GET /lounge/ HTTP/1.1\r\nHost: evil.example; script-src *\r\n\r\n");
            assertThat(response.header("content-security-policy")).contains("connect-src 'self';")
                    .doesNotContain("evil").doesNotContain("script-src *");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/lounge/0190f0c5-1234-7abc-8def-0123456789ab", "/lounge/dm/0190f0c5-1234-7abc-8def-0123456789ab",
                "/lounge/general?x=1"})
        void clientRoutesServeTheIndex(String path) throws IOException {
            Response response = raw(server, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status).isEqualTo(200);
            assertThat(response.text()).isEqualTo(INDEX);
            assertThat(response.header("cache-control")).isEqualTo("no-cache");
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/lounge/../secret.txt", "/lounge/%2e%2e/secret.txt", "/lounge/%2E%2E%2Fsecret.txt",
                "/lounge/assets/..%2f..%2fsecret.txt", "/lounge/..%5csecret.txt", "/lounge/%252e%252e/secret.txt",
                "/lounge//etc/passwd", "/lounge/assets/%00.js", "/lounge/assets/missing-123.js", "/lounge/.env"})
        void traversalAndMissingFilesAreNotFound(String path) throws IOException {
            Response response = raw(server, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status).isIn(400, 404);
            assertThat(response.text()).doesNotContain("top secret").doesNotContain("root:");
        }

        @Test
        void aMatchingEtagOrDateAnswers304WithoutABody() throws IOException {
            Response first = raw(server, "GET /lounge/assets/index-Ab12Cd.css HTTP/1.1\r\nHost: x\r\n\r\n");
            String etag = first.header("etag");
            Response byTag = raw(server, "GET /lounge/assets/index-Ab12Cd.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: W/\"nope\", "
                    + etag + "\r\n\r\n");
            assertThat(byTag.status).isEqualTo(304);
            assertThat(byTag.body).isEmpty();
            assertThat(byTag.header("etag")).isEqualTo(etag);
            Response byDate = raw(server, "GET /lounge/assets/index-Ab12Cd.css HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: "
                    + first.header("last-modified") + "\r\n\r\n");
            assertThat(byDate.status).isEqualTo(304);
            Response otherTag = raw(server, "GET /lounge/assets/index-Ab12Cd.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"other\"\r\n"
                    + "If-Modified-Since: " + first.header("last-modified") + "\r\n\r\n");
            assertThat(otherTag.status).as("If-None-Match wins over If-Modified-Since").isEqualTo(200);
            Response older = raw(server, "GET /lounge/assets/index-Ab12Cd.css HTTP/1.1\r\nHost: x\r\n"
                    + "If-Modified-Since: Thu, 01 Jan 1970 00:00:00 GMT\r\n\r\n");
            assertThat(older.status).isEqualTo(200);
        }

        @Test
        void gzipIsServedFromThePrecompressedSiblingOnlyWhenAccepted() throws IOException {
            Response gz = raw(server, "GET /lounge/assets/index-Ab12Cd.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br, gzip\r\n\r\n");
            assertThat(gz.header("content-encoding")).isEqualTo("gzip");
            assertThat(gz.header("vary")).isEqualToIgnoringCase("accept-encoding");
            assertThat(new String(new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gz.body)).readAllBytes(),
                    StandardCharsets.UTF_8)).isEqualTo(SCRIPT);
            Response plain = raw(server, "GET /lounge/assets/index-Ab12Cd.js HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip;q=0\r\n\r\n");
            assertThat(plain.header("content-encoding")).isNull();
            assertThat(plain.text()).isEqualTo(SCRIPT);
            assertThat(plain.header("etag")).isNotEqualTo(gz.header("etag"));
        }

        @Test
        void headSendsTheHeadersOfAGetWithoutTheBody() throws IOException {
            Response head = raw(server, "HEAD /lounge/assets/index-Ab12Cd.css HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "GET /lounge/favicon.svg HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            assertThat(head.status).isEqualTo(200);
            assertThat(head.header("content-length")).isEqualTo("6");
            assertThat(head.header("content-type")).isEqualTo("text/css; charset=utf-8");
            assertThat(head.rest).as("the pipelined GET follows the bodiless HEAD").startsWith("HTTP/1.1 200");
        }

        @Test
        void loungeWithoutASlashRedirectsAndOtherMethodsAreRefused() throws IOException {
            Response redirect = raw(server, "GET /lounge?room=general HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(redirect.status).isEqualTo(308);
            assertThat(redirect.header("location")).isEqualTo("/lounge/?room=general");
            Response post = raw(server, "POST /lounge/ HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
            assertThat(post.status).isEqualTo(405);
            assertThat(post.header("allow")).isEqualTo("GET, HEAD");
        }

        @Test
        void devSignInIsOffByDefault() throws IOException {
            assertThat(raw(server, "GET /lounge/dev-sign-in HTTP/1.1\r\nHost: x\r\n\r\n").status).isEqualTo(404);
            assertThat(post(server, "/lounge/dev-sign-in", "{\"username\":\"alice\"}").status).isEqualTo(404);
        }

        @Test
        void aPageServedHereMayOpenAWebSocketButAForeignOneMayNot() throws Exception {
            var api = new Api(server);
            var room = server.forum("general");
            String own = "http://127.0.0.1:" + server.port();
            Response same = raw(server, upgrade(room, api.connectionToken("alice"), own, "127.0.0.1:" + server.port()));
            assertThat(same.status).isEqualTo(101);
            Response foreign = raw(server, upgrade(room, api.connectionToken("alice"), "https://evil.example",
                    "127.0.0.1:" + server.port()));
            assertThat(foreign.status).isEqualTo(403);
            Response otherPort = raw(server, upgrade(room, api.connectionToken("alice"), "http://127.0.0.1:1",
                    "127.0.0.1:" + server.port()));
            assertThat(otherPort.status).isEqualTo(403);
        }
    }

    @Nested
    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    class NotBuiltWithDevSignIn {
        TestServer server;

        @BeforeAll
        void start() throws Exception {
            server = TestServer.start(tmp.resolve("data-dev"), Map.of("web.dir", tmp.resolve("no-such-dist").toString(),
                    "web.dev_sign_in", "true"));
        }

        @AfterAll
        void stop() {
            server.close();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {"/lounge/", "/lounge/some-room"})
        void theLoungeSaysHowToBuildIt(String path) throws IOException {
            Response response = raw(server, "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.status).isEqualTo(200);
            assertThat(response.header("content-type")).isEqualTo("text/html; charset=utf-8");
            assertThat(response.text()).contains("cd web &amp;&amp; npm ci &amp;&amp; npm run build".replace("&amp;", "&"))
                    .contains("no-such-dist");
        }

        @Test
        void devSignInMintsATokenTheServerAccepts() throws Exception {
            assertThat(JSON.readTree(raw(server, "GET /lounge/dev-sign-in HTTP/1.1\r\nHost: x\r\n\r\n").text())
                    .path("enabled").asBoolean()).isTrue();
            Response signedIn = post(server, "/lounge/dev-sign-in", "{\"username\":\"  José Núñez \"}");
            assertThat(signedIn.status).isEqualTo(200);
            JsonNode body = JSON.readTree(signedIn.text());
            assertThat(body.path("user").path("id").asText()).isEqualTo("jose-nunez");
            assertThat(body.path("user").path("username").asText()).isEqualTo("José Núñez");
            String token = body.path("access_token").asText();
            Response connectionToken = raw(server, "POST /auth/ws-connection-token/ HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n");
            assertThat(connectionToken.status).isEqualTo(200);
            String ct = JSON.readTree(connectionToken.text()).path("connection_token").asText();
            try (WsClient ws = WsClient.open(server.ws("/ws/community/room/" + server.forum("general") + "/?connection_token=" + ct))) {
                JsonNode state = ws.next("room_state");
                assertThat(state.path("online_users").toString()).contains("jose-nunez").contains("José Núñez");
            }
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                日本         | xn--wgv71a
                Ελένη       | xn--ixaphol
                """)
        void devSignInTakesNamesInAnyScript(String username, String userId) throws Exception {
            Response signedIn = post(server, "/lounge/dev-sign-in", "{\"username\":\"" + username + "\"}");
            assertThat(signedIn.status).isEqualTo(200);
            JsonNode user = JSON.readTree(signedIn.text()).path("user");
            assertThat(user.path("id").asText()).isEqualTo(userId);
            assertThat(user.path("username").asText()).isEqualTo(username);
            String token = JSON.readTree(signedIn.text()).path("access_token").asText();
            Response connectionToken = raw(server, "POST /auth/ws-connection-token/ HTTP/1.1\r\nHost: x\r\n"
                    + "Authorization: Bearer " + token + "\r\nContent-Length: 0\r\n\r\n");
            assertThat(connectionToken.status).isEqualTo(200);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', quoteCharacter = '\'', textBlock = """
                {"username":""}                 | invalid_payload
                {"username":"   "}              | invalid_payload
                {"username":42}                 | invalid_payload
                {}                              | invalid_payload
                {"username":"✨✨"}              | invalid_payload
                not json                        | invalid_json
                """)
        void devSignInRefusesUnusableUsernames(String body, String code) throws IOException {
            Response response = post(server, "/lounge/dev-sign-in", body);
            assertThat(response.status).isEqualTo(400);
            assertThat(JSON.readTree(response.text()).path("error").path("code").asText()).isEqualTo(code);
        }

        @Test
        void theNotBuiltPageHasAPolicyOfItsOwnWithNoScriptAtAll() throws IOException {
            Response response = raw(server, "GET /lounge/ HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(response.header("content-security-policy")).isEqualTo(
                    "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
            assertThat(response.header("x-frame-options")).isEqualTo("DENY");
        }

        @Test
        void devSignInAnswersOnlyThisMachine() throws Exception {
            var devSignIn = new dev.community.server.lounge.DevSignInProbe(server.server().context());
            assertThat(devSignIn.statusFor("{\"username\":\"remote\"}", false)).isEqualTo(404);
            assertThat(devSignIn.statusFor("{\"username\":\"local\"}", true)).isEqualTo(200);
        }

        @Test
        void aUsernameOverSixtyFourCharactersIsRefused() throws IOException {
            assertThat(post(server, "/lounge/dev-sign-in", "{\"username\":\"" + "a".repeat(65) + "\"}").status).isEqualTo(400);
        }
    }

    // ---- raw HTTP: the JDK client would normalise the paths these tests need to send as they are ----------

    record Response(int status, Map<String, String> headers, byte[] body, String rest) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** A POST with a JSON body (the development sign-in's), its answer checked against docs/openapi.yaml. */
    static Response post(TestServer server, String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        Response response = raw(server, "POST " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length + "\r\n\r\n" + json);
        WireContract.checkResponse("POST", server.http(path), response.status(), response.headers().get("content-type"),
                new String(response.body(), StandardCharsets.UTF_8));
        return response;
    }

    static String upgrade(Object room, String connectionToken, String origin, String host) {
        return "GET /ws/community/room/" + room + "/?connection_token=" + connectionToken + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                + "Sec-WebSocket-Version: 13\r\nOrigin: " + origin + "\r\n\r\n";
    }

    /**
     * Sends {@code request} as written and reads the first response: its status, headers and, unless it is a HEAD,
     * 101 or 304, a body of Content-Length bytes; whatever arrived after it (a pipelined answer) is in {@code rest}.
     */
    static Response raw(TestServer server, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
            InputStream in = socket.getInputStream();
            String head = readHead(in);
            String[] lines = head.split("\r\n");
            int status = Integer.parseInt(lines[0].split(" ")[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
            }
            boolean bodiless = request.startsWith("HEAD") || status == 101 || status == 304;
            int length = bodiless ? 0 : Integer.parseInt(headers.getOrDefault("content-length", "0"));
            byte[] body = in.readNBytes(length);
            String rest = "";
            if (request.contains("\r\n\r\nGET ")) {
                rest = readHead(in);
            }
            return new Response(status, headers, body, rest);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        int b;
        while (matched < 4 && (b = in.read()) != -1) {
            head.write(b);
            matched = (b == '\r' || b == '\n') && (matched % 2 == 0 ? b == '\r' : b == '\n') ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.UTF_8);
        return text.endsWith("\r\n\r\n") ? text.substring(0, text.length() - 4) : text;
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
