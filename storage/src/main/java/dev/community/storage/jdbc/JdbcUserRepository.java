package dev.community.storage.jdbc;

import dev.community.storage.UserRecord;
import dev.community.storage.UserRepository;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** Users as first seen from their JWT claims. */
public final class JdbcUserRepository implements UserRepository {
    private static final String INSERT = "INSERT INTO users (id, username, joined_at, first_seen_at, trust_level,"
            + " is_staff, message_count) VALUES (?, ?, ?, ?, ?, ?, 0)";
    private static final String REFRESH = "UPDATE users SET username = ?, trust_level = ?, is_staff = ?,"
            + " joined_at = COALESCE(?, joined_at) WHERE id = ?";
    private static final String FIND = "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = ?";
    // two prefix predicates, each served on PostgreSQL by its own lower(...) text_pattern_ops index (V25)
    private static final String SEARCH = "SELECT id, username FROM users"
            + " WHERE lower(username) LIKE ? ESCAPE '\\' OR lower(id) LIKE ? ESCAPE '\\'"
            + " ORDER BY lower(username), id LIMIT ?";

    private final Jdbc jdbc;

    public JdbcUserRepository(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public UserRecord upsertSeen(String id, String username, Instant joinedAtClaim, int trustLevel, boolean staff) {
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            // insert-or-ignore then refresh: race-safe on both databases (H2 has no ON CONFLICT DO UPDATE)
            int inserted = Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT), id, username, joinedAtClaim != null ? joinedAtClaim : now, now,
                    trustLevel, staff);
            if (inserted == 0) {
                Jdbc.update(c, REFRESH, username, trustLevel, staff, joinedAtClaim, id);
            }
            return Jdbc.one(c, FIND, Rows::user, id).orElseThrow();
        });
    }

    @Override
    public java.util.List<UserRecord> upsertSeenAll(java.util.List<Sighting> sightings) {
        Instant now = Jdbc.now();
        return jdbc.inTransaction(c -> {
            java.util.List<UserRecord> records = new java.util.ArrayList<>(sightings.size());
            for (Sighting s : sightings) {
                if (Jdbc.update(c, jdbc.dialect().insertSkippingDuplicates(INSERT), s.id(), s.username(), s.joinedAtClaim() != null ? s.joinedAtClaim() : now,
                        now, s.trustLevel(), s.staff()) == 0) {
                    Jdbc.update(c, REFRESH, s.username(), s.trustLevel(), s.staff(), s.joinedAtClaim(), s.id());
                }
                records.add(Jdbc.one(c, FIND, Rows::user, s.id()).orElseThrow());
            }
            return records;
        });
    }

    @Override
    public Optional<UserRecord> find(String id) {
        return jdbc.one(FIND, Rows::user, id);
    }

    @Override
    public java.util.List<User> searchByPrefix(String prefix, int limit) {
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
