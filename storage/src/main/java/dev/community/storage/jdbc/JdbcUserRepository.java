package dev.community.storage.jdbc;

import dev.community.storage.UserRecord;
import dev.community.storage.UserRepository;
import dev.community.protocol.User;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Users as first seen from their JWT claims. */
public final class JdbcUserRepository implements UserRepository {
    private static final String INSERT = "INSERT INTO users (id, username, joined_at, first_seen_at, trust_level,"
            + " is_staff, message_count) VALUES (?, ?, ?, ?, ?, ?, 0)";
    private static final String REFRESH = "UPDATE users SET username = ?, trust_level = ?, is_staff = ?,"
            + " joined_at = COALESCE(?, joined_at) WHERE id = ?";
    private static final String FIND = "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = ?";
    private static final String FIND_ALL = "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id IN (";
    // two prefix predicates, each served on PostgreSQL by its own lower(...) text_pattern_ops index (V25)
    private static final String SEARCH = "SELECT id, username FROM users"
            + " WHERE lower(username) LIKE ? ESCAPE '\\' OR lower(id) LIKE ? ESCAPE '\\'"
            + " ORDER BY lower(username), id LIMIT ?";

    private final Jdbc jdbc;

    public JdbcUserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** One sighting through {@link #upsertSeenAll}, the one place the insert-or-refresh rule lives. */
    @Override
    public UserRecord upsertSeen(String id, String username, Instant joinedAtClaim, int trustLevel, boolean staff) {
        return upsertSeenAll(List.of(new Sighting(id, username, joinedAtClaim, trustLevel, staff))).get(0);
    }

    /**
     * Insert-or-refresh, race-safe on both databases (H2 has no ON CONFLICT DO UPDATE). A reconnect storm's users
     * are mostly known and unchanged: the group's rows are read in one query, and only newcomers (one insert batch)
     * and changed claims (one update batch) are written, then read back in one query.
     * A user inserted meanwhile by another transaction (the insert skipped) is refreshed like a changed one.
     * Several sightings of one user in a group get the last one's claims.
     */
    @Override
    public List<UserRecord> upsertSeenAll(List<Sighting> sightings) {
        Instant now = Jdbc.now();
        Map<String, Sighting> latest = new LinkedHashMap<>();
        for (Sighting s : sightings) {
            latest.put(s.id(), s);
        }
        return jdbc.inTransaction(c -> {
            Map<String, UserRecord> rows = findAll(c, latest.keySet());
            List<Sighting> newcomers = new ArrayList<>();
            List<Sighting> changed = new ArrayList<>();
            for (Sighting s : latest.values()) {
                UserRecord held = rows.get(s.id());
                if (held == null) {
                    newcomers.add(s);
                } else if (!agrees(held, s)) {
                    changed.add(s);
                }
            }
            Jdbc.updateAll(c, jdbc.dialect().insertSkippingDuplicates(INSERT), newcomers.stream()
                    .map(s -> new Object[] {s.id(), s.username(), s.joinedAtClaim() != null ? s.joinedAtClaim() : now,
                            now, s.trustLevel(), s.staff()})
                    .toList());
            rows.putAll(findAll(c, ids(newcomers)));
            for (Sighting s : newcomers) {
                if (!agrees(rows.get(s.id()), s)) {
                    changed.add(s);
                }
            }
            Jdbc.updateAll(c, REFRESH, changed.stream()
                    .map(s -> new Object[] {s.username(), s.trustLevel(), s.staff(), s.joinedAtClaim(), s.id()})
                    .toList());
            rows.putAll(findAll(c, ids(changed)));
            List<UserRecord> records = new ArrayList<>(sightings.size());
            for (Sighting s : sightings) {
                records.add(rows.get(s.id()));
            }
            return records;
        });
    }

    /** Whether the stored row already says what the sighting claims (the refresh would change nothing). */
    private static boolean agrees(UserRecord held, Sighting s) {
        return held != null && held.username().equals(s.username()) && held.trustLevel() == s.trustLevel()
                && held.staff() == s.staff() && (s.joinedAtClaim() == null || s.joinedAtClaim().equals(held.joinedAt()));
    }

    private static List<String> ids(List<Sighting> sightings) {
        return sightings.stream().map(Sighting::id).toList();
    }

    /** The stored rows of these users, by id (absent ones left out). */
    private static Map<String, UserRecord> findAll(Connection c, Collection<String> ids)
            throws SQLException {
        Map<String, UserRecord> rows = new HashMap<>();
        if (ids.isEmpty()) {
            return rows;
        }
        for (UserRecord row : Jdbc.list(c, FIND_ALL + Jdbc.marks(ids.size()) + ")", Rows::user, ids.toArray())) {
            rows.put(row.id(), row);
        }
        return rows;
    }

    @Override
    public Optional<UserRecord> find(String id) {
        return jdbc.one(FIND, Rows::user, id);
    }

    @Override
    public List<User> searchByPrefix(String prefix, int limit) {
        String pattern = likePrefix(prefix.toLowerCase(Locale.ROOT));
        // planned with the actual pattern: only a plan that sees the constant prefix can use the prefix indexes
        return jdbc.read(c -> Jdbc.listPlannedEachTime(jdbc.dialect(), c, SEARCH,
                row -> new User(row.getString("id"), row.getString("username")), pattern, pattern, limit));
    }

    /** {@code prefix} as a LIKE pattern matching exactly the strings that start with it ({@code \} escapes). */
    static String likePrefix(String prefix) {
        StringBuilder pattern = new StringBuilder(prefix.length() + 2);
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (c == '%' || c == '_' || c == '\\') {
                pattern.append('\\');
            }
            pattern.append(c);
        }
        return pattern.append('%').toString();
    }
}
