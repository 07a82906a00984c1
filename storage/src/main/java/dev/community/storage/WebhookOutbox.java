package dev.community.storage;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The transactional outbox of outgoing webhooks (PROTOCOL.md §6). {@link #append} writes an event's rows inside
 * the caller's transaction (a repository's, through {@link ChangeEvents}, or the message writer's batch), so an
 * event exists exactly when the change it describes was committed; the server's dispatcher then {@link #claim}s due
 * rows, sends them, and records the outcome. A row stays until its endpoint accepted it, so a node that dies between
 * the commit and the request (or mid-request) loses nothing: its claim's lease runs out and a node claims it again.
 */
public interface WebhookOutbox {

    /**
     * An event to send.
     *
     * @param id        the event's id: the {@code webhook-id} header, the same on every retry and every endpoint
     * @param type      the event type ({@code message.created}, ...)
     * @param roomId    the room it happened in: an endpoint gets a room's events in the order they were appended
     * @param createdAt when the change happened
     * @param body      the exact JSON body that is signed and sent
     */
    record Event(UUID id, String type, UUID roomId, Instant createdAt, String body) {
    }

    /** A claimed row: one event for one endpoint, and how often it was tried before. */
    record Delivery(UUID id, URI endpoint, String type, String body, int attempts, Instant createdAt,
                    Instant giveUpAt) {
    }

    /** A dead row as the admin API lists it. */
    record DeadDelivery(UUID id, URI endpoint, String type, String body, int attempts, Instant createdAt,
                        String lastError) {
    }

    /**
     * Writes one row per event and endpoint on the caller's open transaction. Returns at once when there is nothing
     * to write.
     *
     * @param horizon how long the events are retried before they are kept as dead
     */
    void append(java.sql.Connection transaction, List<Event> events, List<URI> endpoints, Duration horizon)
            throws java.sql.SQLException;

    /**
     * Claims up to {@code limit} due rows of these endpoints for {@code lease}: pending, due, not claimed by a live
     * lease, and the earliest pending row of their endpoint and room (so a room's events go out one after another,
     * in order). On PostgreSQL nodes claim side by side without waiting for each other ({@code FOR UPDATE SKIP
     * LOCKED}); a row is claimed by one node at a time.
     */
    default List<Delivery> claim(List<URI> endpoints, int limit, String node, Duration lease, Instant now) {
        return claimRuns(endpoints, limit, 1, node, lease, now).stream().flatMap(List::stream).toList();
    }

    /**
     * Claims up to {@code runs} runs for {@code lease}. A run is the first pending rows (at most {@code runLength})
     * of one endpoint and room in their order, starting at the room's earliest pending row and stopping before the
     * first row that is not due or is claimed; a row without a room (a replayed one) is a run of its own. A run is
     * meant to be sent in order by one sender, which {@link #release}s the rest of it at its first failure, so a
     * room's events still go out one after another. A run is claimed whole by one node or not at all (on
     * PostgreSQL, nodes claiming side by side skip each other's locked rows and cut a run at the first row they
     * could not lock).
     */
    List<List<Delivery>> claimRuns(List<URI> endpoints, int runs, int runLength, String node, Duration lease,
                                   Instant now);

    /** The endpoint accepted it: the row goes. */
    default void delivered(Delivery delivery) {
        delivered(List.of(delivery));
    }

    /** The endpoint accepted each of them: the rows go, in one statement per endpoint. */
    void delivered(List<Delivery> deliveries);

    /**
     * Ends {@code node}'s claim of these rows without an attempt (the rest of a run whose earlier row failed): they
     * are due again as they were, behind the failed row.
     */
    void release(List<Delivery> deliveries, String node);

    /**
     * Extends {@code node}'s claim of these rows to {@code until} (a long run outlasting its lease). Returns how many
     * were still {@code node}'s: fewer than asked means the lease ran out and another node may have them now.
     */
    int renew(List<Delivery> deliveries, String node, Instant until);

    /** Another attempt at {@code next} (the claim ends). */
    void retry(Delivery delivery, Instant next, String error);

    /** Its horizon passed: kept as dead for the admin API, never sent again unless replayed. */
    void dead(Delivery delivery, String error);

    /** Dead rows, oldest first, at most {@code limit}. */
    List<DeadDelivery> dead(int limit);

    /**
     * Makes the dead rows of one event (every endpoint's) pending again, due now, with a fresh horizon and out of
     * their room's order. Returns how many rows were revived (0: no such dead event).
     */
    int replay(UUID id, Instant now, Duration horizon);

    /** {@link #replay} of every dead row. */
    int replayAll(Instant now, Duration horizon);

    /** Rows waiting to be delivered (pending), for the queued gauge. */
    long pendingCount();

    /** Dead rows, for the dead gauge. */
    long deadCount();
}
