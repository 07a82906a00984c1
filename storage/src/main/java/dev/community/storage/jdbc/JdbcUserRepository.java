package dev.community.storage.jdbc;

import dev.community.storage.UserRecord;
import dev.community.storage.UserRepository;
import java.time.Instant;
import java.util.Optional;

/** Users as first seen from their JWT claims. */
public final class JdbcUserRepository implements UserRepository {
    private static final String INSERT = "INSERT INTO users (id, username, joined_at, first_seen_at, trust_level,"
            + " is_staff, message_count) VALUES (?, ?, ?, ?, ?, ?, 0)";
    private static final String REFRESH = "UPDATE users SET username = ?, trust_level = ?, is_staff = ?,"
            + " joined_at = COALESCE(?, joined_at) WHERE id = ?";
    private static final String FIND = "SELECT " + Rows.USER_COLUMNS + " FROM users WHERE id = ?";

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
}
