package dev.community.server.support;

import dev.community.config.ConfigLoader;
import dev.community.config.ServerConfig;
import dev.community.server.CommunityServer;
import dev.community.server.Metrics;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import javax.net.ssl.SSLContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A real server on free ports with its own data directory and a known HS256 secret, for integration tests.
 * Settings are the same {@code key=value} pairs an operator would pass as flags.
 */
public final class TestServer implements AutoCloseable {
    public static final String SECRET = "integration-test-secret-0123456789abcdef";

    private final CommunityServer server;
    private final PrometheusMeterRegistry meters = Metrics.newRegistry();
    private final Path dataDir;
    /** Trusts the server's certificate when it serves TLS; null for plain text. */
    private final SSLContext clientTls;
    private final int operatorPort;

    private TestServer(Path dataDir, Map<String, String> settings, SSLContext clientTls) throws InterruptedException {
        this.dataDir = dataDir;
        this.clientTls = clientTls;
        Map<String, String> all = new LinkedHashMap<>();
        all.put("server.host", "127.0.0.1");
        all.put("server.port", "0");
        all.put("admin.port", "0");
        all.put("data.dir", dataDir.toString());
        all.put("auth.jwt.secret", SECRET);
        all.put("server.shutdown_grace_seconds", "5");
        all.putAll(settings);
        List<String> flags = new ArrayList<>();
        all.forEach((k, v) -> flags.add("--" + k + "=" + v));
        ServerConfig config = ConfigLoader.load(flags.toArray(String[]::new), Map.of());
        server = new CommunityServer(config, meters, Clock.systemUTC()).start();
        operatorPort = server.adminPort();
        WireContract.operatorPort(operatorPort);
    }

    public static TestServer start(Path dataDir) throws InterruptedException {
        return new TestServer(dataDir, Map.of(), null);
    }

    public static TestServer start(Path dataDir, Map<String, String> settings) throws InterruptedException {
        return new TestServer(dataDir, settings, null);
    }

    /** A server whose settings configure TLS; its clients trust the certificate through {@code clientTls}. */
    public static TestServer startTls(Path dataDir, Map<String, String> settings, SSLContext clientTls)
            throws InterruptedException {
        return new TestServer(dataDir, settings, clientTls);
    }

    /** An HTTP client builder for this server: it trusts the server's certificate when the port speaks TLS. */
    public HttpClient.Builder httpClient() {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(5));
        return clientTls == null ? builder : builder.sslContext(clientTls);
    }

    public boolean tls() {
        return server.tls() != null;
    }

    public CommunityServer server() {
        return server;
    }

    public PrometheusMeterRegistry meters() {
        return meters;
    }

    public Path dataDir() {
        return dataDir;
    }

    public int port() {
        return server.publicPort();
    }

    public URI http(String path) {
        return URI.create((tls() ? "https" : "http") + "://127.0.0.1:" + port() + path);
    }

    public URI admin(String path) {
        return URI.create("http://127.0.0.1:" + server.adminPort() + path);
    }

    public URI ws(String pathAndQuery) {
        return URI.create((tls() ? "wss" : "ws") + "://127.0.0.1:" + port() + pathAndQuery);
    }

    /** A fresh public forum, so tests don't see each other's messages. */
    public java.util.UUID newForum() {
        String slug = "t-" + java.util.UUID.randomUUID().toString().substring(0, 12);
        return server.context().storage().rooms().create(slug, slug, dev.community.protocol.RoomType.FORUM,
                dev.community.protocol.Visibility.PUBLIC, "owner-1", "").id();
    }

    public java.util.UUID forum(String slug) {
        return server.context().storage().rooms().findBySlug(slug).orElseThrow().id();
    }

    /** Runs an UPDATE/INSERT on the server's own store, to set up states the API under test cannot reach. */
    public int sql(String statement, Object... args) {
        try (var connection = server.context().storage().dataSource().getConnection();
             var ps = connection.prepareStatement(statement)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Stores a member's new role and tells the server, as moderation does: a room that is live holds its
     * memberships in memory, so a role written by SQL alone would reach only the room's next cold load.
     */
    public void setRole(java.util.UUID room, String userId, String role) {
        sql("UPDATE room_memberships SET role = ? WHERE room_id = ? AND user_id = ?", role, room, userId);
        var storage = server.context().storage();
        server.context().control().membershipChanged(room, userId,
                storage.memberships().find(room, userId).orElseThrow());
    }

    /** The value of a counter in the server's registry (0 when it was never incremented). */
    public double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Override
    public void close() {
        server.close();
        // The port is free again: a later server may get it as its public port.
        WireContract.forgetOperatorPort(operatorPort);
    }
}
