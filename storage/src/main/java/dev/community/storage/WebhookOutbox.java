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

    /**
     * A claimed event for one endpoint, how often it was tried before, and where it is kept.
     *
     * @param id    the event's id (the {@code webhook-id})
     * @param place its row and its place in it: the events of a room appended together share a row
     */
    record Delivery(UUID id, URI endpoint, String type, String body, int attempts, Instant createdAt,
                    Instant giveUpAt, Place place) {
    }

    /**
     * Where a claimed event is kept: a row holds the events of one room that one transaction appended (the
     * writer's batch commits many messages of a room at once), {@code count} of them, this one at {@code index}.
     * A row of one event has the event's id.
     */
    record Place(UUID rowId, int index, int count) {
        /** Whether the endpoint accepting this event accepts the row's last one. */
        public boolean last() {
            return index == count - 1;
        }
    }

    /** A dead row as the admin API lists it. */
    record DeadDelivery(UUID id, URI endpoint, String type, String body, int attempts, Instant createdAt,
                        String lastError) {
    }

    /**
     * Writes the events' rows for each endpoint on the caller's open transaction: the events of one room share a row
     * (in their order, up to a hundred to a row), an event without a room is a row of its own. Returns at once when
     * there is nothing to write.
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
     * Claims up to {@code runs} runs for {@code lease}. A run is the unsent events of the first pending rows of one
     * endpoint and room in their order, starting at the room's earliest pending row and stopping before the first
     * row that is not due or is claimed, and after the row that brings it to {@code runLength} events (a run is cut
     * at whole rows, so it may hold up to a row's events more); a row without a room (a replayed one) is a run of
     * its own. A run is
     * meant to be sent in order by one sender, which {@link #release}s the rest of it at its first failure, so a
     * room's events still go out one after another. A run is claimed whole by one node or not at all (on
     * PostgreSQL, nodes claiming side by side skip each other's locked rows and cut a run at the first row they
     * could not lock).
     */
    default List<List<Delivery>> claimRuns(List<URI> endpoints, int runs, int runLength, String node, Duration lease,
                                           Instant now) {
        return claimRuns(endpoints, runs, runLength, node, lease, now, List.of());
    }

    /**
     * {@link #claimRuns(List, int, int, String, Duration, Instant)} after recording {@code accepted} as
     * {@link #delivered(List)} does, in the same transaction: a dispatcher hands the acceptances its senders
     * gathered to its next claim, so the two cost one commit instead of one each (on the embedded store every
     * commit writes the file).
     */
    List<List<Delivery>> claimRuns(List<URI> endpoints, int runs, int runLength, String node, Duration lease,
                                   Instant now, List<Delivery> accepted);

    /** The endpoint accepted it: its row goes, or records how far it got when the row has more events. */
    default void delivered(Delivery delivery) {
        delivered(List.of(delivery));
    }

    /**
     * The endpoint accepted each of them (a run's events, in order): rows whose last event is among them go, in one
     * statement per endpoint; a row accepted part of the way records how far (its later events are still the
     * claimant's, to send next).
     */
    void delivered(List<Delivery> deliveries);

    /**
     * Ends {@code node}'s claim of these rows without an attempt (the rest of a run whose earlier row failed): they
     * are due again as they were, behind the failed row.
     */
    void release(List<Delivery> deliveries, String node);

    /**
     * Extends {@code node}'s claim of these events' rows to {@code until} (a long run outlasting its lease). Returns
     * whether every one was still {@code node}'s: false means the lease ran out and another node may have them now.
     */
    boolean renew(List<Delivery> deliveries, String node, Instant until);

    /**
     * Another attempt at {@code next} (the claim ends). The events before it in its row were accepted; it is its
     * row's next event, and its row's later events wait behind it.
     */
    void retry(Delivery delivery, Instant next, String error);

    /**
     * Its horizon passed: kept as dead for the admin API (a row of its own, with the event's id), never sent again
     * unless replayed; its row's later events are due as they were, behind nothing.
     */
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

    /** Events waiting to be delivered (pending and not yet accepted), for the backlog gauge. */
    long pendingCount();

    /** Dead rows, for the dead gauge. */
    long deadCount();
}
