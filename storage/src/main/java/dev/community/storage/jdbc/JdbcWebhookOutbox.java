package dev.community.storage.jdbc;

import dev.community.storage.WebhookOutbox;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * The outbox over JDBC. A claim is one short transaction: find the due heads (one per room), read each head's run
 * (the room's next rows, one index range), lock the run's rows and keep it up to the first row that could not be
 * locked, stamp the lease (one statement per run). The requests run outside any transaction; accepted events are
 * recorded by the dispatcher's next claim, in its transaction (rows whose last event was accepted deleted), and a
 * failure is one statement (plus one releasing the rest of its run).
 *
 * <p>A row holds the events of one room that one transaction appended ({@link WebhookRows}): the writer's batch
 * commits many messages of a room at once, and a row each cost it as much as the message. A run is cut at whole
 * rows; {@code sent} records how far a row's events were accepted, so a failure, a lease that ran out or a crash
 * resumes at the row's next event, and a dead event leaves as a row of its own.
 *
 * <p>On PostgreSQL the lock skips rows another node has locked ({@code FOR UPDATE SKIP LOCKED}) and re-checks the
 * claim conditions on rows another node committed meanwhile, so two nodes never hold overlapping runs of a room;
 * the embedded store is one node by construction, so it locks plainly. How each store finds the heads and locks is
 * its {@link SqlDialect}'s ({@link WebhookHeads}, {@code lockRowsSkippingLocked}).
 */
public final class JdbcWebhookOutbox implements WebhookOutbox {
    private static final int MAX_ERROR_CHARS = 1000;
    private static final String INSERT = "INSERT INTO webhook_outbox (id, endpoint, event_type, ordering_key, body,"
            + " created_at, next_attempt_at, give_up_at, events) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
    /** What a claim reads of a candidate row: everything but its body, which is read for the rows it took. */
    private static final String CANDIDATE_COLUMNS = "o.id, o.endpoint, o.event_type, o.attempts, o.created_at,"
            + " o.give_up_at, o.ordering_key, o.position, o.next_attempt_at, o.claimed_until, o.events, o.sent";
    /**
     * How many of a room's rows a claim reads at a time while it fills a run: most rows hold many events (a writer
     * batch's of the room), so a run of {@code runLength} events usually needs a few rows, not {@code runLength}.
     */
    public static final int RUN_PAGE = 8;
    /**
     * A room's run: one range of the heads index, ordered by all of its columns so that H2 too reads it in order
     * and stops at the limit (ordered by position alone, it read and sorted the room's whole backlog every claim).
     */
    static final String RUN = "SELECT " + CANDIDATE_COLUMNS + " FROM webhook_outbox o WHERE o.status = 'pending'"
            + " AND o.endpoint = ? AND o.ordering_key = ? AND o.position >= ?"
            + " ORDER BY o.status, o.endpoint, o.ordering_key, o.position LIMIT ?";
    /** A room's run, from its first position to its last, where it is still claimable; the dialect adds the lock. */
    static final String LOCK_RUN = "SELECT o.id FROM webhook_outbox o WHERE o.status = 'pending' AND o.endpoint = ?"
            + " AND o.ordering_key = ? AND o.position >= ? AND o.position <= ? AND " + WebhookHeads.CLAIMABLE;
    /** A row without a room, by its key, where it is still claimable; the dialect adds the lock. */
    static final String LOCK_ONE = "SELECT o.id FROM webhook_outbox o WHERE o.id = ? AND o.endpoint = ?"
            + " AND o.status = 'pending' AND " + WebhookHeads.CLAIMABLE;
    /** The bodies of the rows a claim took, by their keys; the marks of the ids follow. */
    static final String BODIES = "SELECT id, body FROM webhook_outbox WHERE endpoint = ? AND id IN (";
    /** Bounds a batch statement's parameter list (a run is at most a few hundred rows). */
    private static final int MAX_IDS_PER_STATEMENT = 500;

    private final Jdbc jdbc;
    private final SqlDialect dialect;
    private final WebhookHeads heads;

    public JdbcWebhookOutbox(Jdbc jdbc) {
        this.jdbc = jdbc;
        this.dialect = jdbc.dialect();
        this.heads = dialect.webhookHeads();
    }

    @Override
    public void append(Connection c, List<Event> events, List<URI> endpoints, Duration horizon) throws SQLException {
        if (events.isEmpty() || endpoints.isEmpty()) {
            return;
        }
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (WebhookRows.Row row : WebhookRows.of(events)) {
                Event first = row.first();
                Instant giveUp = first.createdAt().plus(horizon);
                for (URI endpoint : endpoints) {
                    Jdbc.bind(insert, row.id(), endpoint.toString(), row.type(),
                            first.roomId() == null ? null : first.roomId().toString(), row.body(),
                            first.createdAt(), first.createdAt(), giveUp, row.count());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
    }

    /**
     * A claim's candidate row as read, and what the run is cut by (its room and whether it may be claimed now). Its
     * events are unframed only once it is claimed: a claim reads more rows than it takes (a room's rows behind a
     * claimed run, heads another node took), and unframing them all cost the dispatcher more than the claim.
     */
    private record Candidate(UUID rowId, URI endpoint, String type, int attempts, Instant createdAt,
                             Instant giveUpAt, int events, int sent, String orderingKey, long position,
                             boolean claimable) {
        int unsent() {
            return events - sent;
        }

        /** Its events from the next unsent one on, out of its {@code body}; the row's attempts are that next one's. */
        List<Delivery> deliveries(String body) {
            List<Event> unsent = WebhookRows.events(rowId, type, createdAt, body, events, sent);
            List<Delivery> deliveries = new ArrayList<>(unsent.size());
            for (int i = 0; i < unsent.size(); i++) {
                Event e = unsent.get(i);
                deliveries.add(new Delivery(e.id(), endpoint, e.type(), e.body(), i == 0 ? attempts : 0,
                        e.createdAt(), giveUpAt, new Place(rowId, sent + i, events)));
            }
            return deliveries;
        }
    }

    @Override
    public List<List<Delivery>> claimRuns(List<URI> endpoints, int runs, int runLength, String node, Duration lease,
                                          Instant now, List<Delivery> accepted) {
        if (endpoints.isEmpty() || runs < 1 || runLength < 1) {
            delivered(accepted);
            return List.of();
        }
        // 1. The heads (each endpoint's and room's earliest pending row) that are due and unclaimed, earliest first;
        // a row without a room is a head of its own. Not locked: step 3 locks what is claimed and checks again, so a
        // head another node took meanwhile is cut there.
        List<String> endpointKeys = endpoints.stream().map(URI::toString).toList();
        return jdbc.inTransaction(c -> {
            // acceptances first: a room whose run was accepted is claimable again from its next row
            delivered(c, accepted);
            List<Candidate> headRows = heads.due(c, CANDIDATE_COLUMNS, endpointKeys, now, runs,
                    row -> candidate(row, now));
            List<List<Delivery>> claimed = new ArrayList<>();
            for (Candidate head : headRows) {
                // 2. The run: the room's first pending rows from its head, up to the first one not claimable now
                // (backing off after a failure, or still claimed by a live lease) and to the row that brings it to
                // runLength events (whole rows: a row's events are claimed together).
                List<Candidate> wanted = head.orderingKey() == null || runLength <= head.unsent() ? List.of(head)
                        : run(c, head, runLength, now);
                List<Candidate> locked = lockPrefix(c, head.orderingKey(), wanted, now);
                if (!locked.isEmpty()) {
                    stamp(c, locked, node, now.plus(lease));
                    Map<UUID, String> bodies = bodies(c, locked);
                    claimed.add(locked.stream().flatMap(row -> row.deliveries(bodies.get(row.rowId())).stream())
                            .toList());
                }
            }
            return claimed;
        });
    }

    /**
     * 2. A room's run from its head: its rows in order, a page of {@link #RUN_PAGE} at a time, up to the first one not
     * claimable and to the row that brings it to {@code runLength} events.
     */
    private List<Candidate> run(Connection c, Candidate head, int runLength, Instant now) throws SQLException {
        List<Candidate> wanted = new ArrayList<>();
        int events = 0;
        long from = head.position();
        while (true) {
            int page = Math.min(runLength, RUN_PAGE);
            List<Candidate> rows = Jdbc.listPlannedEachTime(dialect, c, RUN, row -> candidate(row, now),
                    head.endpoint().toString(), head.orderingKey(), from, page);
            for (Candidate candidate : rows) {
                if (!candidate.claimable() || (wanted.isEmpty() && candidate.position() != head.position())
                        || events >= runLength) {
                    return wanted;
                }
                wanted.add(candidate);
                events += candidate.unsent();
            }
            if (rows.size() < page || events >= runLength) {
                return wanted;
            }
            from = rows.get(rows.size() - 1).position() + 1;
        }
    }

    /** The bodies of the rows a claim took (by their keys: a few short lookups). */
    private static Map<UUID, String> bodies(Connection c, List<Candidate> rows) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(rows.get(0).endpoint().toString());
        rows.forEach(row -> params.add(row.rowId()));
        Map<UUID, String> bodies = new java.util.HashMap<>();
        for (Map.Entry<UUID, String> e : Jdbc.list(c, BODIES + Jdbc.marks(rows.size()) + ")",
                row -> Map.entry(Jdbc.uuid(row, "id"), row.getString("body")), params.toArray())) {
            bodies.put(e.getKey(), e.getValue());
        }
        return bodies;
    }

    /**
     * 3. Locks the run's rows that are still claimable (checked again on the row's latest version: on PostgreSQL a
     * row another node claimed and committed meanwhile no longer qualifies, one it is claiming right now is skipped)
     * and keeps the run up to the first row that was not: a run always starts at its room's head and has no gaps.
     * A room's run is locked as the range of the heads index it was read from ({@link #LOCK_RUN}), a row without a
     * room by its key: by the rows' ids, a planner without fresh statistics of a growing table (PostgreSQL until
     * its next ANALYZE) scanned the endpoint's whole backlog for them, a quarter of a second a claim at 260,000 rows.
     */
    private List<Candidate> lockPrefix(Connection c, String orderingKey, List<Candidate> run, Instant now)
            throws SQLException {
        if (run.isEmpty()) {
            return List.of();
        }
        Candidate first = run.get(0);
        List<UUID> lockedIds = orderingKey == null
                ? Jdbc.listPlannedEachTime(dialect, c, LOCK_ONE + dialect.lockRowsSkippingLocked(),
                        row -> Jdbc.uuid(row, "id"), first.rowId(), first.endpoint().toString(), now, now)
                : Jdbc.listPlannedEachTime(dialect, c, LOCK_RUN + dialect.lockRowsSkippingLocked(),
                        row -> Jdbc.uuid(row, "id"), first.endpoint().toString(), orderingKey,
                        run.get(0).position(), run.get(run.size() - 1).position(), now, now);
        Set<UUID> locked = new HashSet<>(lockedIds);
        int prefix = 0;
        while (prefix < run.size() && locked.contains(run.get(prefix).rowId())) {
            prefix++;
        }
        return run.subList(0, prefix);
    }

    /** 4. The lease, one statement per run (the rows of a run share their endpoint). */
    private static void stamp(Connection c, List<Candidate> run, String node, Instant until) throws SQLException {
        List<Object> params = new ArrayList<>();
        params.add(node);
        params.add(until);
        params.add(run.get(0).endpoint().toString());
        run.forEach(row -> params.add(row.rowId()));
        Jdbc.update(c, "UPDATE webhook_outbox SET claimed_by = ?, claimed_until = ? WHERE endpoint = ? AND id IN ("
                + Jdbc.marks(run.size()) + ")", params.toArray());
    }

    @Override
    public void delivered(List<Delivery> deliveries) {
        if (!deliveries.isEmpty()) {
            jdbc.inTransaction(c -> {
                delivered(c, deliveries);
                return null;
            });
        }
    }

    /**
     * Records accepted events on {@code c}'s transaction: a row whose last event was accepted goes (one statement per
     * endpoint); one accepted part of the way (a batch of acceptances ending inside it) records how far, and
     * attempts start again for its next event.
     */
    private static void delivered(Connection c, List<Delivery> deliveries) throws SQLException {
        Map<UUID, Delivery> partway = new LinkedHashMap<>();
        Map<String, Set<UUID>> finished = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            if (d.place().last()) {
                finished.computeIfAbsent(d.endpoint().toString(), k -> new java.util.LinkedHashSet<>())
                        .add(d.place().rowId());
            } else {
                partway.merge(d.place().rowId(), d, (a, b) -> a.place().index() >= b.place().index() ? a : b);
            }
        }
        for (Map.Entry<String, Set<UUID>> rows : finished.entrySet()) {
            partway.keySet().removeAll(rows.getValue());
            List<UUID> ids = List.copyOf(rows.getValue());
            for (int from = 0; from < ids.size(); from += MAX_IDS_PER_STATEMENT) {
                List<UUID> chunk = ids.subList(from, Math.min(ids.size(), from + MAX_IDS_PER_STATEMENT));
                List<Object> params = new ArrayList<>();
                params.add(rows.getKey());
                params.addAll(chunk);
                Jdbc.update(c, "DELETE FROM webhook_outbox WHERE endpoint = ? AND id IN (" + Jdbc.marks(chunk.size())
                        + ")", params.toArray());
            }
        }
        for (Delivery d : partway.values()) {
            Jdbc.update(c, "UPDATE webhook_outbox SET sent = ?, attempts = 0 WHERE id = ? AND endpoint = ?"
                    + " AND sent < ?", d.place().index() + 1, d.place().rowId(), d.endpoint().toString(),
                    d.place().index() + 1);
        }
    }

    @Override
    public void release(List<Delivery> deliveries, String node) {
        byEndpoint(deliveries, (endpoint, ids) -> {
            List<Object> params = new ArrayList<>();
            params.add(node);
            params.add(endpoint);
            params.addAll(ids);
            jdbc.update("UPDATE webhook_outbox SET claimed_by = NULL, claimed_until = NULL WHERE claimed_by = ?"
                    + " AND endpoint = ? AND id IN (" + Jdbc.marks(ids.size()) + ")", params.toArray());
        });
    }

    @Override
    public boolean renew(List<Delivery> deliveries, String node, Instant until) {
        int[] rows = {0};
        int[] renewed = {0};
        byEndpoint(deliveries, (endpoint, ids) -> {
            rows[0] += ids.size();
            List<Object> params = new ArrayList<>();
            params.add(until);
            params.add(node);
            params.add(endpoint);
            params.addAll(ids);
            // no status condition: a row leaves 'pending' only through retry() or dead(), which clear claimed_by,
            // and with one the planner could read the endpoint's pending rows through the heads index instead of
            // looking up these keys
            renewed[0] += jdbc.update("UPDATE webhook_outbox SET claimed_until = ? WHERE claimed_by = ?"
                    + " AND endpoint = ? AND id IN (" + Jdbc.marks(ids.size()) + ")", params.toArray());
        });
        return renewed[0] == rows[0];
    }

    /** The events' rows (each once) by endpoint, in chunks of at most {@link #MAX_IDS_PER_STATEMENT} ids. */
    private static void byEndpoint(List<Delivery> deliveries, java.util.function.BiConsumer<String, List<UUID>> work) {
        Map<String, Set<UUID>> rows = new LinkedHashMap<>();
        for (Delivery d : deliveries) {
            rows.computeIfAbsent(d.endpoint().toString(), k -> new java.util.LinkedHashSet<>()).add(d.place().rowId());
        }
        rows.forEach((endpoint, set) -> {
            List<UUID> all = List.copyOf(set);
            for (int from = 0; from < all.size(); from += MAX_IDS_PER_STATEMENT) {
                work.accept(endpoint, all.subList(from, Math.min(all.size(), from + MAX_IDS_PER_STATEMENT)));
            }
        });
    }

    @Override
    public void retry(Delivery d, Instant next, String error) {
        // the events before it in its row were accepted: it is the row's next one, with its attempts
        jdbc.update("UPDATE webhook_outbox SET sent = ?, attempts = ?, next_attempt_at = ?, claimed_by = NULL,"
                + " claimed_until = NULL, last_error = ? WHERE id = ? AND endpoint = ?", d.place().index(),
                d.attempts() + 1, next, clip(error), d.place().rowId(), d.endpoint().toString());
    }

    @Override
    public void dead(Delivery d, String error) {
        if (d.place().count() == 1) {
            jdbc.update("UPDATE webhook_outbox SET status = 'dead', attempts = attempts + 1, claimed_by = NULL,"
                    + " claimed_until = NULL, last_error = ? WHERE id = ? AND endpoint = ?", clip(error),
                    d.place().rowId(), d.endpoint().toString());
            return;
        }
        // one of several: it becomes a dead row of its own (so dead rows, the admin API's, are single events and
        // replay by the event's id), and its row goes on from the next event, or goes when it was the last
        jdbc.inTransaction(c -> {
            Jdbc.update(c, "INSERT INTO webhook_outbox (id, endpoint, event_type, ordering_key, body, created_at,"
                    + " status, attempts, next_attempt_at, give_up_at, last_error) VALUES (?, ?, ?, NULL, ?, ?,"
                    + " 'dead', ?, ?, ?, ?)", d.id(), d.endpoint().toString(), d.type(), d.body(), d.createdAt(),
                    d.attempts() + 1, d.giveUpAt(), d.giveUpAt(), clip(error));
            if (d.place().last()) {
                Jdbc.update(c, "DELETE FROM webhook_outbox WHERE id = ? AND endpoint = ?", d.place().rowId(),
                        d.endpoint().toString());
            } else {
                Jdbc.update(c, "UPDATE webhook_outbox SET sent = ?, attempts = 0, claimed_by = NULL,"
                        + " claimed_until = NULL, last_error = ? WHERE id = ? AND endpoint = ?",
                        d.place().index() + 1, clip(error), d.place().rowId(), d.endpoint().toString());
            }
            return null;
        });
    }

    @Override
    public List<DeadDelivery> dead(int limit) {
        return jdbc.list("SELECT id, endpoint, event_type, body, attempts, created_at, last_error FROM webhook_outbox"
                + " WHERE status = 'dead' ORDER BY position LIMIT ?", row -> new DeadDelivery(
                        Jdbc.uuid(row, "id"), URI.create(row.getString("endpoint")), row.getString("event_type"),
                        row.getString("body"), row.getInt("attempts"), Jdbc.instant(row, "created_at"),
                        row.getString("last_error")), limit);
    }

    @Override
    public int replay(UUID id, Instant now, Duration horizon) {
        return jdbc.update(REPLAY + " AND id = ?", now, now.plus(horizon), id);
    }

    @Override
    public int replayAll(Instant now, Duration horizon) {
        return jdbc.update(REPLAY, now, now.plus(horizon));
    }

    private static final String REPLAY = "UPDATE webhook_outbox SET status = 'pending', attempts = 0,"
            + " ordering_key = NULL, next_attempt_at = ?, give_up_at = ?, last_error = NULL WHERE status = 'dead'";

    @Override
    public long pendingCount() {
        return jdbc.read(c -> Jdbc.count(c,
                "SELECT COALESCE(SUM(events - sent), 0) FROM webhook_outbox WHERE status = 'pending'"));
    }

    @Override
    public long deadCount() {
        return jdbc.read(c -> Jdbc.count(c, "SELECT count(*) FROM webhook_outbox WHERE status = 'dead'"));
    }

    private static Candidate candidate(ResultSet row, Instant now) throws SQLException {
        Instant due = Jdbc.instant(row, "next_attempt_at");
        Instant claimedUntil = Jdbc.instant(row, "claimed_until");
        return new Candidate(Jdbc.uuid(row, "id"), URI.create(row.getString("endpoint")), row.getString("event_type"),
                row.getInt("attempts"), Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "give_up_at"), row.getInt("events"), row.getInt("sent"),
                row.getString("ordering_key"), row.getLong("position"),
                !due.isAfter(now) && (claimedUntil == null || claimedUntil.isBefore(now)));
    }

    private static String clip(String error) {
        return error == null || error.length() <= MAX_ERROR_CHARS ? error : error.substring(0, MAX_ERROR_CHARS);
    }
}
