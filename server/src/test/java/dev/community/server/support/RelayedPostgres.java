package dev.community.server.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.storage.PostgresTestDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fresh schema on the shared PostgreSQL that the server reaches only through a {@link TcpProxy}, so a test can
 * make its database slow, half-open or gone; the test itself reads the schema directly, past the relay.
 */
public final class RelayedPostgres implements AutoCloseable {
    public final PostgresTestDatabase database;
    public final TcpProxy proxy;
    private final String databaseAndQuery;

    private RelayedPostgres(PostgresTestDatabase database) throws IOException {
        this.database = database;
        Matcher m = Pattern.compile("jdbc:postgresql://([^:/]+)(?::(\\d+))?/(.*)").matcher(database.url());
        assertThat(m.matches()).as("a jdbc:postgresql://host[:port]/db URL: " + database.url()).isTrue();
        this.proxy = new TcpProxy(m.group(1), m.group(2) == null ? 5432 : Integer.parseInt(m.group(2)));
        this.databaseAndQuery = m.group(3);
    }

    /** Creates the schema and the relay; skips (fails under CI=true) when PostgreSQL is unreachable. */
    public static RelayedPostgres create() throws IOException {
        return new RelayedPostgres(new PostgresTestDatabase().create());
    }

    /** The server's db.* settings, through the relay, on top of {@code others}. */
    public Map<String, String> settings(Map<String, String> others) {
        Map<String, String> all = new HashMap<>(others);
        all.put("db.url", "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/" + databaseAndQuery);
        all.put("db.user", database.user);
        if (!database.password.isEmpty()) {
            all.put("db.password", database.password);
        }
        return all;
    }

    /** The client_ids of {@code room}'s stored messages by {@code author}, in seq order, read past the relay. */
    public List<String> storedClientIds(UUID room, String author) throws SQLException {
        return storedClientIds(database.url(), database.user, database.password, room, author);
    }

    /** The same read against any PostgreSQL URL. */
    public static List<String> storedClientIds(String url, String user, String password, UUID room, String author)
            throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT client_id FROM messages WHERE room_id = ? AND author_id = ? ORDER BY seq")) {
            ps.setObject(1, room);
            ps.setString(2, author);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    @Override
    public void close() throws IOException {
        proxy.close();
        database.drop();
    }
}
