package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.config.ServerConfig;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.WebhookOutbox.Delivery;
import dev.community.storage.WebhookOutbox.Event;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The webhook outbox on both stores ({@link H2WebhookOutboxTest}, {@link PostgresWebhookOutboxTest}): rows exist
 * exactly when their transaction committed, a room's events are claimed one after another in order, a lease keeps
 * a row from a second claimant until it runs out, and dead rows come back on replay out of order.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WebhookOutboxContract {
    static final ServerConfig.WriterConfig WRITER = new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 20_000);
    static final Duration HORIZON = Duration.ofHours(1);
    static final Duration LEASE = Duration.ofSeconds(30);

    private Storage storage;
    private WebhookOutbox outbox;

    protected abstract Storage open(ServerConfig.WriterConfig writer, SimpleMeterRegistry meters);

    protected abstract void cleanUp();

    @BeforeAll
    final void openStore() {
        storage = open(WRITER, new SimpleMeterRegistry());
        outbox = storage.webhookOutbox();
    }

    @AfterAll
    final void closeStore() {
        try {
            if (storage != null) {
                storage.close();
            }
        } finally {
            cleanUp();
        }
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
        append(List.of(a1, a2, b1), endpoint);

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
