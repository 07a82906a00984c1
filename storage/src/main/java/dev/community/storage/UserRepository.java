package dev.community.storage;

import java.time.Instant;
import java.util.Optional;

/** Users as first seen from their JWT claims. */
public interface UserRepository {

    /**
     * Inserts the user on first sight or refreshes username, trust level and staff flag from the latest claims.
     * {@code joinedAtClaim} (the JWT's joined_at) wins over first sight when present.
     */
    UserRecord upsertSeen(String id, String username, Instant joinedAtClaim, int trustLevel, boolean staff);

    Optional<UserRecord> find(String id);

    /**
     * The people picker's search: users whose id or username starts with {@code prefix}, case-insensitively
     * (compared in lower case, {@link java.util.Locale#ROOT}), ordered by lower-cased username then id, at most
     * {@code limit}. {@code %}, {@code _} and {@code \} in the prefix match themselves. Only id and username come
     * back: nothing private (trust level, staff flag, join date) leaves the store for this read.
     */
    java.util.List<dev.community.protocol.User> searchByPrefix(String prefix, int limit);

    /**
     * {@link #upsertSeen} for many users in one transaction (a reconnect storm's sightings, grouped); the records
     * come back in the order of {@code sightings}.
     */
    java.util.List<UserRecord> upsertSeenAll(java.util.List<Sighting> sightings);

    /** One user's claims as seen on a connection. */
    record Sighting(String id, String username, Instant joinedAtClaim, int trustLevel, boolean staff) {
    }
}
