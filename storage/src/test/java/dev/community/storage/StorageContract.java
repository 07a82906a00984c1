package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.config.ServerConfig;
import dev.community.protocol.Attachment;
import dev.community.protocol.Message;
import dev.community.protocol.User;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The storage contract: every test runs against the embedded H2 store ({@link H2StorageTest}) and PostgreSQL
 * ({@link PostgresStorageTest}). One store per class; each test works in rooms and users of its own (random
 * slugs and ids), so tests do not depend on each other's rows. Tests that break the database or hold the
 * writer open a second store over a {@link SwitchableDataSource} on the same database.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class StorageContract {
    private static final Logger LOG = LoggerFactory.getLogger(StorageContract.class);
    protected static final Duration WAIT = Duration.ofSeconds(30);
    protected static final ServerConfig.WriterConfig WRITER =
            new ServerConfig.WriterConfig(100, Duration.ofMillis(2), 20_000);

    private Storage storage;
    private SimpleMeterRegistry meters;

    /** Opens the class's store (migrating a fresh database). */
    protected abstract Storage openMainStorage(ServerConfig.WriterConfig writer, MeterRegistry meters);

    /** A new pooled DataSource on the same database; the test closes it. */
    protected abstract DataSource newDataSource();

    /** Message content this database refuses to store. */
    protected abstract String refusedContent();

    /** Removes the class's database after its store is closed. */
    protected abstract void cleanUp();

    @BeforeAll
    final void openStore() {
        meters = new SimpleMeterRegistry();
        storage = openMainStorage(WRITER, meters);
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

    protected Storage storage() {
        return storage;
    }

    // ----------------------------------------------------------------------------------------------- helpers

    protected static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static NewMessage message(UUID roomId, String authorId, String clientId, String content) {
        return new NewMessage(Uuids.v7(), roomId, new User(authorId, authorId + " name"), clientId, content, "text",
                List.of(), List.of(), null, null, Instant.now());
    }

    protected static NewMessage mentioning(UUID roomId, String authorId, String content, String... mentions) {
        return new NewMessage(Uuids.v7(), roomId, new User(authorId, authorId), null, content, "text", List.of(),
                List.of(mentions), null, null, Instant.now());
    }

    protected static <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("write did not succeed", e);
        }
    }

    protected static Throwable failureOf(CompletableFuture<?> future) {
        assertThat(future).failsWithin(WAIT);
        try {
            future.join();
            throw new AssertionError("expected a failure");
        } catch (java.util.concurrent.CompletionException e) {
            return e.getCause();
        }
    }

    protected RoomRecord newRoom(String ownerId) {
        return storage.rooms().create("Room " + ownerId, uid("room"), "circle", "public", ownerId, "");
    }

    protected Message write(UUID roomId, String authorId, String content) {
        return await(storage.writer().submit(message(roomId, authorId, null, content))).message();
    }

    protected long count(String sql, Object... params) throws Exception {
        try (Connection c = storage.dataSource().getConnection();
                var statement = c.prepareStatement(sql)) {
            dev.community.storage.jdbc.Jdbc.bind(statement, params);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private double counter(MeterRegistry registry, String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A second store on this database whose connections the test controls. */
    private final class Rig implements AutoCloseable {
        final DataSource pool = newDataSource();
        final SwitchableDataSource switchable = new SwitchableDataSource(pool);
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final Storage store;

        Rig(ServerConfig.WriterConfig writer) {
            store = Storage.using(switchable, storage.embedded(), writer, registry);
        }

        /** Closes the gate and parks the writer's next batch (one blocker message) at it. */
        CompletableFuture<WriteOutcome> holdWriter(UUID roomId) throws InterruptedException {
            switchable.closeGate();
            CompletableFuture<WriteOutcome> blocker = store.writer().submit(message(roomId, "blocker", null, "held"));
            switchable.awaitCallerAtGate();
            return blocker;
        }

        @Override
        public void close() throws Exception {
            switchable.openGate();
            store.close();
            ((AutoCloseable) pool).close();
        }
    }

    // ------------------------------------------------------------------------------------------- migrations

    @Test
    void migrationsCreateEveryTable() throws Exception {
        List<String> tables = new ArrayList<>();
        try (Connection c = storage.dataSource().getConnection();
                ResultSet rs = c.getMetaData().getTables(null, c.getSchema(), "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME").toLowerCase());
            }
        }
        assertThat(tables).contains("users", "rooms", "room_memberships", "threads", "messages",
                "message_reactions", "dm_threads", "user_blocks", "message_reports", "moderation_actions",
                "moderation_queue", "flyway_schema_history");
    }

    @Test
    void reopeningAMigratedDatabaseAppliesNothingTwice() throws Exception {
        DataSource pool = newDataSource();
        try (Storage again = Storage.using(pool, storage.embedded(), WRITER, new SimpleMeterRegistry())) {
            assertThat(again.isReachable()).isTrue();
        } finally {
            ((AutoCloseable) pool).close();
        }
        assertThat(count("SELECT COUNT(*) FROM flyway_schema_history WHERE version = '1'")).isEqualTo(1);
    }

    @Test
    void enumColumnsRefuseValuesOutsideTheirCheck() throws Exception {
        try (Connection c = storage.dataSource().getConnection(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeUpdate("INSERT INTO rooms (id, name, slug, room_type, visibility,"
                    + " created_at) VALUES ('" + UUID.randomUUID() + "', 'x', '" + uid("s")
                    + "', 'chatroom', 'public', CURRENT_TIMESTAMP)")).isInstanceOf(java.sql.SQLException.class);
        }
        assertThatThrownBy(() -> storage.rooms().create("x", uid("s"), "circle", "secret", "u", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ users

    @Test
    void upsertSeenInsertsOnFirstSightAndRefreshesFromLaterClaims() {
        String id = uid("user");
        Instant before = Instant.now().minusSeconds(1);
        UserRecord first = storage.users().upsertSeen(id, "first", null, 1, false);
        assertThat(first.joinedAt()).isAfter(before);
        assertThat(first.messageCount()).isZero();

        Instant claimed = Instant.parse("2024-01-02T03:04:05.678Z");
        UserRecord second = storage.users().upsertSeen(id, "renamed", claimed, 3, true);
        assertThat(second).isEqualTo(new UserRecord(id, "renamed", claimed, 3, true, 0));

        UserRecord third = storage.users().upsertSeen(id, "renamed", null, 3, false);
        assertThat(third.joinedAt()).as("a missing claim keeps the joined_at").isEqualTo(claimed);
        assertThat(storage.users().find(id)).contains(third);
        assertThat(storage.users().find(uid("nobody"))).isEmpty();
    }

    // ------------------------------------------------------------------------------------------------ rooms

    @Test
    void ensureForumsCreatesMissingForumsOnceAndReturnsThemInOrder() {
        List<String> slugs = List.of(uid("general"), uid("help"));
        List<RoomRecord> created = storage.rooms().ensureForums(slugs);
        List<RoomRecord> again = storage.rooms().ensureForums(slugs);

        assertThat(created).extracting(RoomRecord::slug).containsExactlyElementsOf(slugs);
        assertThat(again).extracting(RoomRecord::id).containsExactlyElementsOf(created.stream().map(RoomRecord::id).toList());
        assertThat(created).allSatisfy(r -> {
            assertThat(r.roomType()).isEqualTo("forum");
            assertThat(r.visibility()).isEqualTo("public");
            assertThat(r.name()).isEqualTo(r.slug());
        });
    }

    @Test
    void createMakesTheCreatorOwnerAndRefusesATakenSlug() {
        String slug = uid("room");
        RoomRecord room = storage.rooms().create("Circle", slug, "circle", "private", "olga", "about");
        assertThat(room.memberCount()).isEqualTo(1);
        assertThat(room.lastSeq()).isZero();
        assertThat(storage.memberships().find(room.id(), "olga")).get().extracting(MembershipRecord::role)
                .isEqualTo("owner");
        assertThat(storage.rooms().findById(room.id())).contains(room);
        assertThat(storage.rooms().findBySlug(slug)).contains(room);
        assertThatThrownBy(() -> storage.rooms().create("Other", slug, "circle", "public", "olga", ""))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void joinAddsAMemberOnceAndKeepsMemberCount() {
        RoomRecord room = newRoom("owner1");
        MembershipRecord joined = storage.memberships().join(room.id(), "bob", "member");
        MembershipRecord again = storage.memberships().join(room.id(), "bob", "admin");

        assertThat(joined.role()).isEqualTo("member");
        assertThat(again).isEqualTo(joined);
        assertThat(storage.rooms().findById(room.id()).orElseThrow().memberCount()).isEqualTo(2);
        assertThat(storage.memberships().find(room.id(), "carol")).isEmpty();
    }

    // ----------------------------------------------------------------------------------------------- writer

    @Test
    void concurrentSubmittersGetContiguousIncreasingSeqsInEveryRoom() throws Exception {
        List<RoomRecord> rooms = List.of(newRoom("w"), newRoom("w"), newRoom("w"));
        int threads = 8;
        int perThread = 500;
        double batchesBefore = meters.get(StorageMeters.WRITER_BATCH_SIZE).summary().count();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long started = System.nanoTime();
        List<Future<List<WriteOutcome>>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String author = uid("writer" + t);
            results.add(pool.submit(() -> {
                List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
                for (int i = 0; i < perThread; i++) {
                    UUID room = rooms.get(i % rooms.size()).id();
                    futures.add(storage.writer().submit(message(room, author, "c" + i, "m" + i)));
                }
                return futures.stream().map(StorageContract::await).toList();
            }));
        }
        Map<UUID, List<Long>> seqsByRoom = new HashMap<>();
        for (Future<List<WriteOutcome>> result : results) {
            Map<UUID, Long> lastOfThisThread = new HashMap<>();
            for (WriteOutcome outcome : result.get(60, TimeUnit.SECONDS)) {
                Message m = outcome.message();
                assertThat(outcome.duplicate()).isFalse();
                Long previous = lastOfThisThread.put(m.roomId(), m.seq());
                assertThat(previous == null || m.seq() > previous)
                        .as("one sender's messages keep their order within a room").isTrue();
                seqsByRoom.computeIfAbsent(m.roomId(), r -> new ArrayList<>()).add(m.seq());
            }
        }
        long elapsedNanos = System.nanoTime() - started;
        pool.shutdown();
        int total = threads * perThread;
        double batches = meters.get(StorageMeters.WRITER_BATCH_SIZE).summary().count() - batchesBefore;
        LOG.info("{}: stored {} messages in {} ms ({} messages/s) in {} group commits",
                getClass().getSimpleName(), total, elapsedNanos / 1_000_000,
                (long) (total / (elapsedNanos / 1e9)), (long) batches);

        for (RoomRecord room : rooms) {
            List<Long> seqs = seqsByRoom.get(room.id()).stream().sorted().toList();
            assertThat(seqs).as("seqs of a room are 1..n without gaps or repeats")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, seqs.size()).boxed().toList());
            RoomRecord stored = storage.rooms().findById(room.id()).orElseThrow();
            assertThat(stored.lastSeq()).isEqualTo(seqs.size());
            assertThat(stored.messageCount()).isEqualTo(seqs.size());
            assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ?", room.id())).isEqualTo(seqs.size());
        }
        assertThat(seqsByRoom.values().stream().mapToInt(List::size).sum()).isEqualTo(total);
        assertThat(batches).as("messages are committed in groups").isLessThan(total);
    }

    @Test
    void aStoredMessageReadsBackAsTheWriterReturnedIt() {
        RoomRecord room = newRoom("reader");
        storage.users().upsertSeen("reader", "reader name", null, 0, false);
        NewMessage sent = new NewMessage(Uuids.v7(), room.id(), new User("reader", "reader name"), "cid-1",
                "hello \uD83D\uDE00 world", "image",
                List.of(new Attachment("https://example.org/a.png", "a.png", 1234, "image/png")),
                List.of("bob", "carol"), null, null, Instant.now());
        Message written = await(storage.writer().submit(sent)).message();

        assertThat(written.seq()).isEqualTo(1);
        assertThat(written.reactionCounts()).isEmpty();
        assertThat(storage.messages().findById(room.id(), sent.id())).contains(written);
        assertThat(storage.messages().findByClientId(room.id(), "reader", "cid-1")).contains(written);
        assertThat(storage.messages().latest(room.id(), 5)).containsExactly(written);
        assertThat(storage.users().find("reader").orElseThrow().messageCount()).isEqualTo(1);
        RoomRecord after = storage.rooms().findById(room.id()).orElseThrow();
        assertThat(after.lastMessageAt()).isEqualTo(written.createdAt());
    }

    @Test
    void historyPagesAreOldestFirstAroundASeq() {
        RoomRecord room = newRoom("pager");
        for (int i = 1; i <= 10; i++) {
            write(room.id(), "pager", "m" + i);
        }
        assertThat(storage.messages().latest(room.id(), 3)).extracting(Message::seq).containsExactly(8L, 9L, 10L);
        assertThat(storage.messages().before(room.id(), 8, 3)).extracting(Message::seq).containsExactly(5L, 6L, 7L);
        assertThat(storage.messages().after(room.id(), 2, 3)).extracting(Message::seq).containsExactly(3L, 4L, 5L);
        assertThat(storage.messages().after(room.id(), 10, 3)).isEmpty();
    }

    @Test
    void aResentClientIdAcrossBatchesReturnsTheStoredMessage() throws Exception {
        RoomRecord room = newRoom("idem");
        WriteOutcome first = await(storage.writer().submit(message(room.id(), "idem", "same", "original")));
        WriteOutcome again = await(storage.writer().submit(message(room.id(), "idem", "same", "resent text")));

        assertThat(first.duplicate()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message()).isEqualTo(first.message());
        assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ?", room.id())).isEqualTo(1);
        assertThat(storage.rooms().findById(room.id()).orElseThrow().messageCount()).isEqualTo(1);
        WriteOutcome otherAuthor = await(storage.writer().submit(message(room.id(), "other", "same", "mine")));
        assertThat(otherAuthor.duplicate()).as("the key is per author").isFalse();
    }

    @Test
    void aClientIdRepeatedWithinOneBatchIsStoredOnce() throws Exception {
        RoomRecord room = newRoom("idem");
        try (Rig rig = new Rig(WRITER)) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            CompletableFuture<WriteOutcome> a = rig.store.writer().submit(message(room.id(), "dup", "k", "one"));
            CompletableFuture<WriteOutcome> b = rig.store.writer().submit(message(room.id(), "dup", "k", "two"));
            rig.switchable.openGate();

            await(blocker);
            assertThat(await(a).duplicate()).isFalse();
            assertThat(await(b).duplicate()).isTrue();
            assertThat(await(b).message()).isEqualTo(await(a).message());
            assertThat(await(a).message().content()).isEqualTo("one");
            assertThat(rig.registry.get(StorageMeters.WRITER_BATCH_SIZE).summary().max()).isEqualTo(2);
        }
        assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ? AND client_id = 'k'", room.id()))
                .isEqualTo(1);
        assertThat(storage.users().find("dup").orElseThrow().messageCount()).isEqualTo(1);
    }

    @Test
    void aMessageTheDatabaseRefusesFailsAloneWhileItsBatchCommits() throws Exception {
        RoomRecord room = newRoom("refuse");
        try (Rig rig = new Rig(WRITER)) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            CompletableFuture<WriteOutcome> good1 = rig.store.writer().submit(message(room.id(), "r", "g1", "fine"));
            CompletableFuture<WriteOutcome> bad = rig.store.writer().submit(message(room.id(), "r", "b", refusedContent()));
            CompletableFuture<WriteOutcome> good2 = rig.store.writer().submit(message(room.id(), "r", "g2", "fine too"));
            rig.switchable.openGate();

            assertThat(failureOf(bad)).isInstanceOf(MessageRejectedException.class);
            assertThat(await(blocker).message().seq()).isEqualTo(1);
            assertThat(await(good1).message().seq()).isEqualTo(2);
            assertThat(await(good2).message().seq()).as("no gap where the refused one was").isEqualTo(3);
            assertThat(counter(rig.registry, StorageMeters.WRITER_FAILED, StorageMeters.REASON,
                    StorageMeters.REASON_REFUSED)).isEqualTo(1);
            assertThat(rig.store.writer().queueDepth()).isZero();
        }
        assertThat(storage.messages().latest(room.id(), 10)).extracting(Message::content)
                .containsExactly("held", "fine", "fine too");
    }

    @Test
    void aMessageForAMissingRoomIsRefusedWithoutFailingOthers() {
        RoomRecord room = newRoom("missing");
        CompletableFuture<WriteOutcome> lost = storage.writer().submit(message(UUID.randomUUID(), "x", null, "void"));
        CompletableFuture<WriteOutcome> fine = storage.writer().submit(message(room.id(), "x", null, "here"));
        assertThat(failureOf(lost)).isInstanceOf(MessageRejectedException.class);
        assertThat(await(fine).message().seq()).isEqualTo(1);
    }

    @ParameterizedTest
    @EnumSource(value = SwitchableDataSource.Mode.class, names = {"DOWN", "BROKEN"})
    void whenTheDatabaseIsDownEveryMessageFailsUnavailableAndTheWriterRecovers(SwitchableDataSource.Mode mode)
            throws Exception {
        RoomRecord room = newRoom("down");
        try (Rig rig = new Rig(WRITER)) {
            rig.switchable.switchTo(mode);
            List<CompletableFuture<WriteOutcome>> lost = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                lost.add(rig.store.writer().submit(message(room.id(), "d", "c" + i, "lost " + i)));
            }
            for (CompletableFuture<WriteOutcome> future : lost) {
                assertThat(failureOf(future)).isInstanceOf(StorageUnavailableException.class);
            }
            assertThat(counter(rig.registry, StorageMeters.WRITER_FAILED, StorageMeters.REASON,
                    StorageMeters.REASON_UNAVAILABLE)).isEqualTo(3);
            assertThat(rig.store.isReachable()).isFalse();

            rig.switchable.switchTo(SwitchableDataSource.Mode.UP);
            WriteOutcome retried = await(rig.store.writer().submit(message(room.id(), "d", "c0", "lost 0")));
            assertThat(retried.duplicate()).as("nothing of the failed batch was stored").isFalse();
            assertThat(retried.message().seq()).isEqualTo(1);
            assertThat(rig.store.isReachable()).isTrue();
        }
    }

    @Test
    void aFullQueueRefusesAtOnce() throws Exception {
        RoomRecord room = newRoom("full");
        try (Rig rig = new Rig(new ServerConfig.WriterConfig(10, Duration.ofMillis(1), 2))) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            CompletableFuture<WriteOutcome> queued1 = rig.store.writer().submit(message(room.id(), "f", null, "1"));
            CompletableFuture<WriteOutcome> queued2 = rig.store.writer().submit(message(room.id(), "f", null, "2"));
            CompletableFuture<WriteOutcome> refused = rig.store.writer().submit(message(room.id(), "f", null, "3"));

            assertThat(refused).isCompletedExceptionally();
            assertThat(failureOf(refused)).isInstanceOf(StorageUnavailableException.class)
                    .hasMessageContaining("queue full");
            assertThat(rig.store.writer().queueDepth()).isEqualTo(3);
            assertThat(counter(rig.registry, StorageMeters.WRITER_QUEUE_FULL)).isEqualTo(1);
            rig.switchable.openGate();
            assertThat(List.of(await(blocker), await(queued1), await(queued2)))
                    .extracting(o -> o.message().seq()).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void drainCommitsWhatIsQueuedAndThenRefusesNewMessages() throws Exception {
        RoomRecord room = newRoom("drain");
        try (Rig rig = new Rig(WRITER)) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            List<CompletableFuture<WriteOutcome>> queued = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                queued.add(rig.store.writer().submit(message(room.id(), "dr", null, "q" + i)));
            }
            CompletableFuture<Void> draining = CompletableFuture.runAsync(
                    () -> rig.store.writer().drain(Duration.ofSeconds(20)));
            rig.switchable.openGate();
            await(draining);

            assertThat(blocker).isCompleted();
            assertThat(queued).allSatisfy(f -> assertThat(f).isCompleted().isNotCompletedExceptionally());
            assertThat(rig.store.writer().queueDepth()).isZero();
            assertThat(failureOf(rig.store.writer().submit(message(room.id(), "dr", null, "late"))))
                    .isInstanceOf(StorageUnavailableException.class);
        }
        assertThat(storage.rooms().findById(room.id()).orElseThrow().lastSeq()).isEqualTo(21);
    }

    @Test
    void drainPastItsDeadlineFailsWhatItCouldNotCommit() throws Exception {
        RoomRecord room = newRoom("late");
        try (Rig rig = new Rig(WRITER)) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            CompletableFuture<WriteOutcome> queued = rig.store.writer().submit(message(room.id(), "l", null, "q"));
            rig.store.writer().drain(Duration.ofMillis(100));

            assertThat(failureOf(blocker)).isInstanceOf(StorageUnavailableException.class);
            assertThat(failureOf(queued)).isInstanceOf(StorageUnavailableException.class);
            assertThat(rig.store.writer().queueDepth()).isZero();
        }
    }

    // --------------------------------------------------------------------------------------- read markers

    @Test
    void readMarkersCountUnreadAndMentionsAfterTheMarker() {
        RoomRecord room = newRoom("alice");
        storage.memberships().join(room.id(), "bob_1", "member");
        write(room.id(), "alice", "one");
        await(storage.writer().submit(mentioning(room.id(), "alice", "hey bob", "bob_1")));
        await(storage.writer().submit(mentioning(room.id(), "alice", "not bob", "bobx1", "bob_10")));
        write(room.id(), "bob_1", "my own");

        assertThat(storage.memberships().readMarker(room.id(), "bob_1"))
                .isEqualTo(new MembershipRepository.ReadMarker(0, 3, 1));
        assertThat(storage.memberships().markRead(room.id(), "bob_1", 2))
                .isEqualTo(new MembershipRepository.ReadMarker(2, 1, 0));
        assertThat(storage.memberships().markRead(room.id(), "bob_1", 1))
                .as("never backwards").isEqualTo(new MembershipRepository.ReadMarker(2, 1, 0));
        assertThat(storage.memberships().markRead(room.id(), "bob_1", 1_000_000))
                .as("not past the room's last seq").isEqualTo(new MembershipRepository.ReadMarker(4, 0, 0));
        assertThat(storage.memberships().readMarker(room.id(), "alice"))
                .as("my own messages are not unread").isEqualTo(new MembershipRepository.ReadMarker(0, 1, 0));
        assertThat(storage.memberships().readMarker(room.id(), "stranger"))
                .isEqualTo(new MembershipRepository.ReadMarker(0, 0, 0));
    }

    @Test
    void timestampsRoundTripAtMillisecondPrecision() {
        RoomRecord room = newRoom("clock");
        Instant precise = Instant.parse("2026-11-24T10:00:00.123456789Z");
        NewMessage sent = new NewMessage(Uuids.v7(), room.id(), new User("clock", "clock"), null, "t", "text",
                List.of(), List.of(), null, null, precise);
        Message written = await(storage.writer().submit(sent)).message();
        assertThat(written.createdAt()).isEqualTo(precise.truncatedTo(ChronoUnit.MILLIS));
        assertThat(storage.messages().findById(room.id(), sent.id()).orElseThrow().createdAt())
                .isEqualTo(written.createdAt());
    }
}
