package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.WebhookOutbox.Delivery;
import dev.community.storage.WebhookOutbox.Event;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The webhook outbox on both stores ({@link H2WebhookOutboxTest}, {@link PostgresWebhookOutboxTest}): rows exist
 * exactly when their transaction committed, a room's events are claimed one after another in order, a lease keeps
 * a row from a second claimant until it runs out, and dead rows come back on replay out of order.
 */
abstract class WebhookOutboxContract extends OneStorePerClass {
    static final Duration HORIZON = Duration.ofHours(1);
    static final Duration LEASE = Duration.ofSeconds(30);

    private WebhookOutbox outbox;

    WebhookOutboxContract(Store store) {
        super(store);
    }

    // JUnit runs OneStorePerClass's @BeforeAll, which opens the store, before this one
    @BeforeAll
    final void openOutbox() {
        outbox = storage.webhookOutbox();
    }

    /** Each test its own endpoint, so tests never see each other's rows. */
    static URI endpoint() {
        return URI.create("http://127.0.0.1:1/hook-" + UUID.randomUUID());
    }

    static Event event(UUID room, String type, Instant at) {
        UUID id = Uuids.v7();
        return new Event(id, type, room, at, "{\"type\":\"" + type + "\",\"id\":\"" + id + "\"}");
    }

    /** Appends on a transaction of its own, as a change's repository would on its. */
    void append(List<Event> events, URI endpoint) {
        try (java.sql.Connection c = storage.dataSource().getConnection()) {
            c.setAutoCommit(false);
            outbox.append(c, events, List.of(endpoint), HORIZON);
            c.commit();
        } catch (java.sql.SQLException e) {
            throw new AssertionError(e);
        }
    }

    /** Appends each event on a transaction of its own: each a row of its own. */
    void appendEach(List<Event> events, URI endpoint) {
        events.forEach(e -> append(List.of(e), endpoint));
    }

    UUID room() {
        String slug = "outbox-" + UUID.randomUUID().toString().substring(0, 8);
        return storage.rooms().create(slug, slug, RoomType.FORUM, Visibility.PUBLIC, "owner", "").id();
    }

    @Test
    void aChangesEventsCommitWithItAndRollBackWithIt() {
        URI endpoint = endpoint();
        UUID room = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Event> written = new java.util.ArrayList<>();
        boolean[] failAfterwards = {false};
        storage.changeEvents(new ChangeEvents() {
            @Override
            public void roomUpdated(java.sql.Connection transaction, RoomRecord updated) throws java.sql.SQLException {
                Event e = event(updated.id(), "room.updated", now);
                outbox.append(transaction, List.of(e), List.of(endpoint), HORIZON);
                written.add(e);
                if (failAfterwards[0]) {
                    throw new java.sql.SQLException("the change failed after its event was appended");
                }
            }
        });
        try {
            storage.rooms().update(room, new RoomRepository.RoomUpdate("kept", null, null, null, null, null));
            failAfterwards[0] = true;
            assertThatThrownBy(() -> storage.rooms().update(room,
                    new RoomRepository.RoomUpdate("renamed", null, null, null, null, null)))
                    .isInstanceOf(StorageUnavailableException.class);
        } finally {
            storage.changeEvents(ChangeEvents.NONE);
        }

        assertThat(written).hasSize(2);
        List<Delivery> claimed = outbox.claim(List.of(endpoint), 10, "node-a", LEASE, now.plusSeconds(1));
        assertThat(claimed).extracting(Delivery::id).containsExactly(written.get(0).id());
        assertThat(storage.rooms().findById(room).orElseThrow().name()).isEqualTo("kept");
    }

    @Test
    void aRoomsEventsAreClaimedOneAfterAnotherInOrderAndOtherRoomsSideBySide() {
        URI endpoint = endpoint();
        UUID roomA = room();
        UUID roomB = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Event a1 = event(roomA, "message.created", now);
        Event a2 = event(roomA, "message.updated", now);
        Event b1 = event(roomB, "message.created", now);
        appendEach(List.of(a1, a2, b1), endpoint);

        List<Delivery> first = outbox.claim(List.of(endpoint), 10, "node-a", LEASE, now);
        assertThat(first).extracting(Delivery::id).containsExactly(a1.id(), b1.id());
        // a1 is claimed: a2 waits behind it, for this node and any other
        assertThat(outbox.claim(List.of(endpoint), 10, "node-b", LEASE, now)).isEmpty();

        outbox.delivered(first.get(0));
        assertThat(outbox.claim(List.of(endpoint), 10, "node-b", LEASE, now)).extracting(Delivery::id)
                .containsExactly(a2.id());
    }

    @Test
    void aClaimThatOutlivesItsLeaseIsClaimedAgainWithTheSameId() {
        URI endpoint = endpoint();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Event e = event(room(), "member.joined", now);
        append(List.of(e), endpoint);

        assertThat(outbox.claim(List.of(endpoint), 10, "dies", LEASE, now)).hasSize(1);
        assertThat(outbox.claim(List.of(endpoint), 10, "other", LEASE, now.plus(LEASE).minusMillis(1))).isEmpty();
        List<Delivery> again = outbox.claim(List.of(endpoint), 10, "other", LEASE, now.plus(LEASE).plusMillis(1));
        assertThat(again).extracting(Delivery::id).containsExactly(e.id());
        assertThat(again.get(0).body()).isEqualTo(e.body());
    }

    @Test
    void aRetryIsDueAtItsTimeAndADeadRowComesBackOnReplayOutOfOrder() {
        URI endpoint = endpoint();
        UUID room = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        Event first = event(room, "message.created", now);
        Event second = event(room, "message.created", now);
        append(List.of(first, second), endpoint);

        Delivery d = outbox.claim(List.of(endpoint), 10, "n", LEASE, now).get(0);
        outbox.retry(d, now.plusSeconds(5), "HTTP 500");
        assertThat(outbox.claim(List.of(endpoint), 10, "n", LEASE, now.plusSeconds(4))).isEmpty();
        Delivery retried = outbox.claim(List.of(endpoint), 10, "n", LEASE, now.plusSeconds(5)).get(0);
        assertThat(retried.attempts()).isEqualTo(1);

        outbox.dead(retried, "HTTP 500");
        assertThat(outbox.dead(1000)).filteredOn(x -> x.endpoint().equals(endpoint))
                .singleElement().satisfies(x -> {
                    assertThat(x.id()).isEqualTo(first.id());
                    assertThat(x.attempts()).isEqualTo(2);
                    assertThat(x.lastError()).isEqualTo("HTTP 500");
                });
        // dead, the first no longer holds the room back
        Delivery next = outbox.claim(List.of(endpoint), 10, "n", LEASE, now.plusSeconds(6)).get(0);
        assertThat(next.id()).isEqualTo(second.id());

        assertThat(outbox.replay(first.id(), now.plusSeconds(7), HORIZON)).isEqualTo(1);
        assertThat(outbox.replay(first.id(), now.plusSeconds(7), HORIZON)).isZero();
        // replayed: out of the room's order, so it goes although the second is still claimed
        assertThat(outbox.claim(List.of(endpoint), 10, "n", LEASE, now.plusSeconds(7))).extracting(Delivery::id)
                .containsExactly(first.id());
    }

    List<Event> events(UUID room, int count, Instant at) {
        List<Event> events = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(event(room, "message.created", at));
        }
        return events;
    }

    static List<List<UUID>> ids(List<List<Delivery>> runs) {
        return runs.stream().map(run -> run.stream().map(Delivery::id).toList()).toList();
    }

    static List<UUID> ids(List<Event> events, int from, int to) {
        return events.subList(from, to).stream().map(Event::id).toList();
    }

    @Test
    void aRoomsRowsAreClaimedAsOneRunInOrderUpToTheRunLength() {
        URI endpoint = endpoint();
        UUID roomA = room();
        UUID roomB = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Event> a = events(roomA, 5, now);
        List<Event> b = events(roomB, 2, now);
        appendEach(a, endpoint);
        appendEach(b, endpoint);

        List<List<Delivery>> runs = outbox.claimRuns(List.of(endpoint), 10, 3, "node-a", LEASE, now);
        assertThat(ids(runs)).containsExactly(ids(a, 0, 3), ids(b, 0, 2));
        // the rest of room A waits behind its claimed run, for any node
        assertThat(outbox.claimRuns(List.of(endpoint), 10, 3, "node-b", LEASE, now)).isEmpty();

        // the run's acceptance recorded by the next claim, in its transaction: room A's next rows are claimable
        assertThat(ids(outbox.claimRuns(List.of(endpoint), 10, 3, "node-b", LEASE, now, runs.get(0))))
                .containsExactly(ids(a, 3, 5));
    }

    @Test
    void aRunOfManySmallRowsIsReadPageAfterPageUpToItsLength() {
        URI endpoint = endpoint();
        UUID room = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Event> e = events(room, 2 * dev.community.storage.jdbc.JdbcWebhookOutbox.RUN_PAGE + 3, now);
        appendEach(e, endpoint);
        int length = dev.community.storage.jdbc.JdbcWebhookOutbox.RUN_PAGE + 2;

        List<List<Delivery>> runs = outbox.claimRuns(List.of(endpoint), 1, length, "n", LEASE, now);
        assertThat(ids(runs)).containsExactly(ids(e, 0, length));
        outbox.delivered(runs.get(0));
        assertThat(ids(outbox.claimRuns(List.of(endpoint), 1, 100, "n", LEASE, now)))
                .containsExactly(ids(e, length, e.size()));
    }

    @Test
    void aFailureMidRunReleasesTheRestWhichGoesOnlyBehindTheFailedRow() {
        URI endpoint = endpoint();
        UUID room = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Event> e = events(room, 4, now);
        append(e, endpoint);

        List<Delivery> run = outbox.claimRuns(List.of(endpoint), 1, 10, "n", LEASE, now).get(0);
        assertThat(run).extracting(Delivery::id).containsExactlyElementsOf(ids(e, 0, 4));
        // the first was accepted, the second failed: the rest is released unsent
        outbox.delivered(run.subList(0, 1));
        outbox.retry(run.get(1), now.plusSeconds(5), "HTTP 503");
        outbox.release(run.subList(2, 4), "n");

        assertThat(outbox.claimRuns(List.of(endpoint), 10, 10, "n", LEASE, now.plusSeconds(1)))
                .as("released, but behind the failed row's back-off").isEmpty();
        List<List<Delivery>> again = outbox.claimRuns(List.of(endpoint), 10, 10, "n", LEASE, now.plusSeconds(5));
        assertThat(ids(again)).containsExactly(ids(e, 1, 4));
        assertThat(again.get(0).get(0).attempts()).isEqualTo(1);
        assertThat(again.get(0).get(1).attempts()).as("released, never tried").isZero();
    }

    @Test
    void manyDeliveredRowsGoInOneBatchAndOnlyThey() {
        URI endpoint = endpoint();
        UUID room = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Event> e = events(room, 3, now);
        append(e, endpoint);
        URI other = endpoint();
        Event elsewhere = event(room, "message.created", now);
        append(List.of(elsewhere), other);

        List<Delivery> run = outbox.claimRuns(List.of(endpoint), 1, 10, "n", LEASE, now).get(0);
        List<Delivery> otherRun = outbox.claimRuns(List.of(other), 1, 10, "n", LEASE, now).get(0);
        outbox.delivered(List.of(run.get(0), run.get(1), otherRun.get(0)));

        Instant afterLease = now.plus(LEASE).plusMillis(1);
        assertThat(ids(outbox.claimRuns(List.of(endpoint, other), 10, 10, "n", LEASE, afterLease)))
                .containsExactly(ids(e, 2, 3));
    }

    @Test
    void aRunOutlivingItsLeaseIsAnotherNodesAndCannotBeRenewed() {
        URI endpoint = endpoint();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<Event> e = events(room(), 3, now);
        append(e, endpoint);

        List<Delivery> run = outbox.claimRuns(List.of(endpoint), 1, 10, "slow", LEASE, now).get(0);
        assertThat(outbox.renew(run, "slow", now.plusSeconds(10).plus(LEASE))).isTrue();
        // renewed: nobody else has it after the first lease; once the renewed one runs out it is another node's
        Instant later = now.plus(LEASE).plusMillis(1);
        assertThat(outbox.claimRuns(List.of(endpoint), 1, 10, "other", LEASE, later)).isEmpty();
        Instant muchLater = now.plusSeconds(10).plus(LEASE).plusMillis(1);
        assertThat(ids(outbox.claimRuns(List.of(endpoint), 1, 10, "other", LEASE, muchLater)))
                .containsExactly(ids(e, 0, 3));
        assertThat(outbox.renew(run, "slow", muchLater.plus(LEASE))).isFalse();
        outbox.release(run, "slow");
        assertThat(outbox.claimRuns(List.of(endpoint), 1, 10, "third", LEASE, muchLater))
                .as("a stale release leaves the other node's claim alone").isEmpty();
    }

    @Test
    void aRoomsEventsAppendedTogetherShareARowThatResumesWhereItStopped() {
        URI endpoint = endpoint();
        UUID room = room();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        long before = outbox.pendingCount();
        List<Event> together = events(room, 5, now);
        append(together, endpoint);
        Event later = event(room, "message.updated", now);
        append(List.of(later), endpoint);
        assertThat(outbox.pendingCount()).as("events, not rows").isEqualTo(before + 6);

        // a run is cut at whole rows: the row of five is claimed whole although the run length is two
        List<Delivery> run = outbox.claimRuns(List.of(endpoint), 10, 2, "n", LEASE, now).get(0);
        assertThat(run).extracting(Delivery::id).containsExactlyElementsOf(ids(together, 0, 5));
        assertThat(run).extracting(Delivery::body).containsExactlyElementsOf(
                together.stream().map(Event::body).toList());
        assertThat(run).extracting(d -> d.place().index()).containsExactly(0, 1, 2, 3, 4);
        assertThat(run).allSatisfy(d -> assertThat(d.place().count()).isEqualTo(5));
        assertThat(run.get(4).place().last()).isTrue();

        // two accepted, the third failed: the row resumes at the third, after its back-off, and nothing is resent
        outbox.delivered(run.subList(0, 2));
        assertThat(outbox.pendingCount()).isEqualTo(before + 4);
        outbox.retry(run.get(2), now.plusSeconds(5), "HTTP 500");
        assertThat(outbox.claimRuns(List.of(endpoint), 10, 10, "n", LEASE, now.plusSeconds(4))).isEmpty();
        List<Delivery> resumed = outbox.claimRuns(List.of(endpoint), 10, 10, "n", LEASE, now.plusSeconds(5)).get(0);
        assertThat(resumed).extracting(Delivery::id).containsExactly(together.get(2).id(), together.get(3).id(),
                together.get(4).id(), later.id());
        assertThat(resumed).extracting(Delivery::attempts).containsExactly(1, 0, 0, 0);
        assertThat(resumed.get(3).type()).isEqualTo("message.updated");

        // the third dies: a dead row of its own, replayable by its id; the row goes on from the fourth
        outbox.dead(resumed.get(0), "HTTP 500");
        assertThat(outbox.dead(1000)).filteredOn(x -> x.endpoint().equals(endpoint)).singleElement()
                .satisfies(x -> {
                    assertThat(x.id()).isEqualTo(together.get(2).id());
                    assertThat(x.type()).isEqualTo("message.created");
                    assertThat(x.body()).isEqualTo(together.get(2).body());
                    assertThat(x.attempts()).isEqualTo(2);
                });
        Instant afterLease = now.plusSeconds(5).plus(LEASE).plusMillis(1);
        assertThat(ids(outbox.claimRuns(List.of(endpoint), 10, 10, "n", LEASE, afterLease)))
                .containsExactly(List.of(together.get(3).id(), together.get(4).id(), later.id()));
        assertThat(outbox.pendingCount()).isEqualTo(before + 3);
        assertThat(outbox.replay(together.get(2).id(), afterLease, HORIZON)).isEqualTo(1);
    }

    /** Whether claimers on several connections may run side by side (PostgreSQL; the embedded store is one node). */
    protected boolean concurrentClaimers() {
        return false;
    }

    @Test
    void claimersSideBySideNeverHoldOverlappingRunsOfARoom() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(concurrentClaimers());
        URI endpoint = endpoint();
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        List<UUID> rooms = List.of(room(), room(), room());
        java.util.Map<UUID, List<Event>> appended = new java.util.HashMap<>();
        for (UUID room : rooms) {
            List<Event> e = events(room, 120, now);
            // three to a transaction: rows of three events, so runs of seven are cut at whole rows
            for (int from = 0; from < e.size(); from += 3) {
                append(e.subList(from, from + 3), endpoint);
            }
            appended.put(room, e);
        }
        java.util.Map<UUID, List<UUID>> claimedInOrder = new java.util.concurrent.ConcurrentHashMap<>();
        java.util.Map<UUID, UUID> roomOf = new java.util.HashMap<>();
        appended.forEach((room, e) -> e.forEach(x -> roomOf.put(x.id(), room)));
        rooms.forEach(r -> claimedInOrder.put(r, java.util.Collections.synchronizedList(new java.util.ArrayList<>())));
        java.util.concurrent.atomic.AtomicInteger left = new java.util.concurrent.atomic.AtomicInteger(360);
        java.util.concurrent.ExecutorService claimers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            // two outbox instances (as two nodes have), two claimers on each, every claim its own transaction
            List<WebhookOutbox> outboxes = List.of(outbox, new dev.community.storage.jdbc.JdbcWebhookOutbox(
                    new dev.community.storage.jdbc.Jdbc(storage.dataSource(),
                            dev.community.storage.jdbc.SqlDialect.forStore(storage.embedded()))));
            for (int n = 0; n < 4; n++) {
                String node = "node-" + n;
                WebhookOutbox mine = outboxes.get(n % 2);
                done.add(claimers.submit(() -> {
                    while (left.get() > 0) {
                        for (List<Delivery> run : mine.claimRuns(List.of(endpoint), 2, 7, node, LEASE, now)) {
                            // a room's next run is claimable only once this one is deleted, so this is claim order
                            claimedInOrder.get(roomOf.get(run.get(0).id())).addAll(run.stream().map(Delivery::id)
                                    .toList());
                            mine.delivered(run);
                            left.addAndGet(-run.size());
                        }
                    }
                    return null;
                }));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            claimers.shutdownNow();
        }
        for (UUID room : rooms) {
            assertThat(claimedInOrder.get(room)).as("each row once, in the room's order")
                    .containsExactlyElementsOf(ids(appended.get(room), 0, 120));
        }
    }

    @Test
    void aNewMessagesEventsAreWrittenInTheWritersTransaction() throws Exception {
        URI endpoint = endpoint();
        UUID room = room();
        storage.changeEvents(new ChangeEvents() {
            @Override
            public void storing(java.sql.Connection transaction, List<Message> messages) throws java.sql.SQLException {
                outbox.append(transaction, messages.stream().map(m -> new Event(m.id(), "message.created", m.roomId(),
                        m.createdAt(), "{\"seq\":" + m.seq() + "}")).toList(), List.of(endpoint), HORIZON);
            }
        });
        try {
            Message stored = storage.writer().submit(new NewMessage(Uuids.v7(), room, new User("u1", "u1"), null,
                    "hello", "text", List.of(), List.of(), null, null, Instant.now())).get(30, TimeUnit.SECONDS)
                    .message();
            List<Delivery> claimed = outbox.claim(List.of(endpoint), 10, "n", LEASE, Instant.now().plusSeconds(1));
            assertThat(claimed).singleElement().satisfies(d -> {
                assertThat(d.id()).isEqualTo(stored.id());
                assertThat(d.body()).isEqualTo("{\"seq\":" + stored.seq() + "}");
            });
        } finally {
            storage.changeEvents(ChangeEvents.NONE);
        }
    }
}
