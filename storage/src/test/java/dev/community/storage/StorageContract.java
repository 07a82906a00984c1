package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.community.config.ServerConfig;
import dev.community.protocol.Attachment;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
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
        return storage.rooms().create("Room " + ownerId, uid("room"), RoomType.CIRCLE, Visibility.PUBLIC, ownerId, "");
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
        assertThat(meters.find("hikaricp.connections").gauge()).as("the pool reports to the registry").isNotNull();
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
        assertThatThrownBy(() -> Visibility.fromWire("secret")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no visibility named 'secret'");
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

    @Test
    void aGroupOfSightingsInsertsNewcomersRefreshesChangedClaimsAndLeavesTheRestAsStored() {
        String known = uid("s-known");
        String renamed = uid("s-renamed");
        String newcomer = uid("s-new");
        Instant claimed = Instant.parse("2024-05-06T07:08:09.123Z");
        UserRecord knownBefore = storage.users().upsertSeen(known, "Known", claimed, 2, false);
        storage.users().upsertSeen(renamed, "Old name", null, 1, false);

        List<UserRecord> seen = storage.users().upsertSeenAll(List.of(
                new UserRepository.Sighting(known, "Known", null, 2, false),
                new UserRepository.Sighting(newcomer, "First", null, 0, false),
                new UserRepository.Sighting(renamed, "New name", claimed, 4, true),
                new UserRepository.Sighting(newcomer, "Second", claimed, 1, true)));

        assertThat(seen.get(0)).as("unchanged claims: the stored row").isEqualTo(knownBefore);
        assertThat(seen.get(2)).isEqualTo(new UserRecord(renamed, "New name", claimed, 4, true, 0));
        UserRecord newcomerRow = new UserRecord(newcomer, "Second", claimed, 1, true, 0);
        assertThat(seen.get(1)).as("one user seen twice in a group gets the last sighting's claims")
                .isEqualTo(newcomerRow);
        assertThat(seen.get(3)).isEqualTo(newcomerRow);
        assertThat(storage.users().find(known)).contains(knownBefore);
        assertThat(storage.users().find(renamed)).contains(seen.get(2));
        assertThat(storage.users().find(newcomer)).contains(newcomerRow);
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
            assertThat(r.roomType()).isEqualTo(RoomType.FORUM);
            assertThat(r.visibility()).isEqualTo(Visibility.PUBLIC);
            assertThat(r.name()).isEqualTo(r.slug());
        });
    }

    @Test
    void createMakesTheCreatorOwnerAndRefusesATakenSlug() {
        String slug = uid("room");
        RoomRecord room = storage.rooms().create("Circle", slug, RoomType.CIRCLE, Visibility.PRIVATE, "olga", "about");
        assertThat(room.memberCount()).isEqualTo(1);
        assertThat(room.lastSeq()).isZero();
        assertThat(storage.memberships().find(room.id(), "olga")).get().extracting(Membership::role)
                .isEqualTo(Role.OWNER);
        assertThat(storage.rooms().findById(room.id())).contains(room);
        assertThat(storage.rooms().findBySlug(slug)).contains(room);
        assertThatThrownBy(() -> storage.rooms().create("Other", slug, RoomType.CIRCLE, Visibility.PUBLIC, "olga", ""))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void joinAddsAMemberOnceAndKeepsMemberCount() {
        RoomRecord room = newRoom("owner1");
        Membership joined = storage.memberships().join(room.id(), "bob", Role.MEMBER);
        Membership again = storage.memberships().join(room.id(), "bob", Role.ADMIN);

        assertThat(joined.role()).isEqualTo(Role.MEMBER);
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
            assertThat(counter(rig.registry, StorageMeters.WRITER_SPLITS))
                    .as("resolved inside the batch, not by retrying it in parts").isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ? AND client_id = 'k'", room.id()))
                .isEqualTo(1);
        assertThat(storage.users().find("dup").orElseThrow().messageCount()).isEqualTo(1);
    }

    @Test
    void aClientIdAnotherNodeStoresMeanwhileResolvesToTheStoredMessage() throws Exception {
        RoomRecord room = newRoom("node");
        UUID theirs = Uuids.v7();
        try (Rig rig = new Rig(WRITER); Connection otherNode = storage.dataSource().getConnection()) {
            otherNode.setAutoCommit(false);
            try (var insert = otherNode.prepareStatement("INSERT INTO messages (id, room_id, seq, author_id, client_id,"
                    + " content, created_at) VALUES (?, ?, 1000, 'node-user', 'k', 'stored elsewhere', ?)")) {
                dev.community.storage.jdbc.Jdbc.bind(insert, theirs, room.id(), Instant.now());
                insert.executeUpdate();
            }
            // the other node commits after this writer looked the key up and before it inserts
            rig.switchable.beforeNextPrepare("INSERT INTO messages", otherNode::commit);

            WriteOutcome outcome = await(rig.store.writer().submit(message(room.id(), "node-user", "k", "mine")));

            assertThat(outcome.duplicate()).isTrue();
            assertThat(outcome.message().id()).isEqualTo(theirs);
            assertThat(outcome.message().content()).isEqualTo("stored elsewhere");
            assertThat(counter(rig.registry, StorageMeters.WRITER_FAILED, StorageMeters.REASON,
                    StorageMeters.REASON_REFUSED)).isZero();
        }
        assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ?", room.id())).isEqualTo(1);
        assertThat(storage.rooms().findById(room.id()).orElseThrow().lastSeq())
                .as("the rolled-back attempt took no seq").isZero();
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
            assertThat(counter(rig.registry, StorageMeters.WRITER_SPLITS)).isPositive();
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
            assertThat(rig.registry.get(StorageMeters.WRITER_QUEUE_DEPTH).gauge().value()).isEqualTo(3);
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

    // ------------------------------------------------------------------------------------------ writer lanes

    /** Four lanes: rooms spread over them, authors shared between them. */
    private static final ServerConfig.WriterConfig LANES =
            new ServerConfig.WriterConfig(50, Duration.ofMillis(1), 20_000, 4);

    @Test
    void lanesKeepEveryRoomGapFreeAckOnlyCommittedRowsAndCountSharedAuthors() throws Exception {
        List<RoomRecord> rooms = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            rooms.add(newRoom("lanes"));
        }
        int senders = 6;
        int perSender = 240;
        List<String> authors = new ArrayList<>();
        Map<UUID, Boolean> readableWhenAcked = new java.util.concurrent.ConcurrentHashMap<>();
        List<WriteOutcome> outcomes = java.util.Collections.synchronizedList(new ArrayList<>());
        try (Rig rig = new Rig(LANES)) {
            ExecutorService pool = Executors.newFixedThreadPool(senders);
            List<Future<List<CompletableFuture<WriteOutcome>>>> sent = new ArrayList<>();
            for (int t = 0; t < senders; t++) {
                String author = uid("lane-author" + t);
                authors.add(author);
                sent.add(pool.submit(() -> {
                    List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
                    for (int i = 0; i < perSender; i++) {
                        // every sender writes in every room, so each author's counter is bumped by every lane
                        UUID room = rooms.get(i % rooms.size()).id();
                        futures.add(rig.store.writer().submit(message(room, author, "c" + i, "m" + i))
                                .whenComplete((outcome, failure) -> {
                                    if (outcome != null) {
                                        // the acknowledgement runs after the commit: another connection sees the row
                                        readableWhenAcked.put(outcome.message().id(), storage.messages()
                                                .findById(outcome.message().roomId(), outcome.message().id())
                                                .isPresent());
                                        outcomes.add(outcome);
                                    }
                                }));
                    }
                    return futures;
                }));
            }
            for (Future<List<CompletableFuture<WriteOutcome>>> futures : sent) {
                futures.get(60, TimeUnit.SECONDS).forEach(StorageContract::await);
            }
            pool.shutdown();
        }
        int total = senders * perSender;
        assertThat(outcomes).hasSize(total).noneMatch(WriteOutcome::duplicate);
        assertThat(readableWhenAcked).hasSize(total).doesNotContainValue(false);
        Map<UUID, List<Long>> seqsByRoom = new HashMap<>();
        for (WriteOutcome outcome : outcomes) {
            seqsByRoom.computeIfAbsent(outcome.message().roomId(), r -> new ArrayList<>()).add(outcome.message().seq());
        }
        for (RoomRecord room : rooms) {
            List<Long> seqs = seqsByRoom.get(room.id()).stream().sorted().toList();
            assertThat(seqs).as("seqs of a room are 1..n without gaps or repeats")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, total / rooms.size()).boxed().toList());
            assertThat(storage.rooms().findById(room.id()).orElseThrow().lastSeq()).isEqualTo(total / rooms.size());
            assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ?", room.id()))
                    .isEqualTo(total / rooms.size());
        }
        for (String author : authors) {
            assertThat(storage.users().find(author).orElseThrow().messageCount()).isEqualTo(perSender);
        }
    }

    @Test
    void eachLaneHandsItsRoomsToTheListenerInSeqOrder() throws Exception {
        List<RoomRecord> rooms = List.of(newRoom("order"), newRoom("order"), newRoom("order"), newRoom("order"),
                newRoom("order"), newRoom("order"));
        Map<UUID, List<Long>> heard = new java.util.concurrent.ConcurrentHashMap<>();
        List<CompletableFuture<WriteOutcome>> futures = new ArrayList<>();
        try (Rig rig = new Rig(LANES)) {
            rig.store.writer().commitListener((m, clientId) ->
                    heard.computeIfAbsent(m.roomId(), r -> java.util.Collections.synchronizedList(new ArrayList<>()))
                            .add(m.seq()));
            for (int i = 0; i < 600; i++) {
                futures.add(rig.store.writer().submit(message(rooms.get(i % rooms.size()).id(), "o" + (i % 5), null,
                        "m" + i)));
            }
            futures.forEach(StorageContract::await);
        }
        for (RoomRecord room : rooms) {
            assertThat(heard.get(room.id())).as("told in commit order, which is seq order")
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, 100).boxed().toList());
        }
    }

    @Test
    void aResendAfterARestartIsAnsweredWithTheStoredMessageAndSeqsContinue() throws Exception {
        RoomRecord room = newRoom("restart");
        WriteOutcome before;
        WriteOutcome other;
        try (Rig first = new Rig(LANES)) {
            before = await(first.store.writer().submit(message(room.id(), "rs", "kept", "before the restart")));
            other = await(first.store.writer().submit(message(room.id(), "rs", "other", "also before")));
        }
        try (Rig second = new Rig(LANES)) {
            CompletableFuture<WriteOutcome> fresh = second.store.writer().submit(message(room.id(), "rs", "new", "after"));
            CompletableFuture<WriteOutcome> resent = second.store.writer().submit(
                    message(room.id(), "rs", "kept", "resent with other text"));
            CompletableFuture<WriteOutcome> fresh2 = second.store.writer().submit(message(room.id(), "rs", null, "more"));

            assertThat(await(resent).duplicate()).isTrue();
            assertThat(await(resent).message()).isEqualTo(before.message());
            assertThat(List.of(before, other, await(fresh), await(fresh2))).extracting(o -> o.message().seq())
                    .as("a resend takes no seq: no gap").containsExactly(1L, 2L, 3L, 4L);
            assertThat(counter(second.registry, StorageMeters.WRITER_CONFLICT_RETRIES))
                    .as("one rewrite for the resend").isEqualTo(1);
        }
        assertThat(count("SELECT COUNT(*) FROM messages WHERE room_id = ?", room.id())).isEqualTo(4);
        assertThat(storage.rooms().findById(room.id()).orElseThrow().messageCount()).isEqualTo(4);
    }

    @Test
    void aBatchThatLosesItsConnectionFailsUnavailableForExactlyItsMessages() throws Exception {
        RoomRecord room = newRoom("lost");
        try (Rig rig = new Rig(WRITER)) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            CompletableFuture<WriteOutcome> lost1 = rig.store.writer().submit(message(room.id(), "lo", "x1", "lost 1"));
            CompletableFuture<WriteOutcome> lost2 = rig.store.writer().submit(message(room.id(), "lo", "x2", "lost 2"));
            // the blocker's batch inserts; the next batch (lost1, lost2) loses its connection after taking its seqs
            rig.switchable.beforeNextPrepare("INSERT INTO messages", () -> rig.switchable.beforeNextPrepare(
                    "INSERT INTO messages", () -> {
                        throw new java.sql.SQLException("connection lost (test)", "08006");
                    }));
            rig.switchable.openGate();

            assertThat(await(blocker).message().seq()).isEqualTo(1);
            assertThat(failureOf(lost1)).isInstanceOf(StorageUnavailableException.class);
            assertThat(failureOf(lost2)).isInstanceOf(StorageUnavailableException.class);
            WriteOutcome after = await(rig.store.writer().submit(message(room.id(), "lo", "y", "after")));
            assertThat(after.message().seq()).as("the failed transaction took no seq").isEqualTo(2);
            WriteOutcome retried = await(rig.store.writer().submit(message(room.id(), "lo", "x1", "lost 1")));
            assertThat(retried.duplicate()).as("nothing of the failed batch was stored").isFalse();
            assertThat(counter(rig.registry, StorageMeters.WRITER_FAILED, StorageMeters.REASON,
                    StorageMeters.REASON_UNAVAILABLE)).isEqualTo(2);
            assertThat(rig.store.writer().queueDepth()).isZero();
        }
        assertThat(storage.messages().latest(room.id(), 10)).extracting(Message::content)
                .containsExactly("held", "after", "lost 1");
    }

    @Test
    void aResendMixedIntoABatchIsRewrittenWithoutGapsAndOnlyItIsLookedUp() throws Exception {
        RoomRecord room = newRoom("mixed");
        WriteOutcome stored = await(storage.writer().submit(message(room.id(), "mx", "old", "stored first")));
        try (Rig rig = new Rig(WRITER)) {
            CompletableFuture<WriteOutcome> blocker = rig.holdWriter(room.id());
            CompletableFuture<WriteOutcome> a = rig.store.writer().submit(message(room.id(), "mx", "a", "a"));
            CompletableFuture<WriteOutcome> resent = rig.store.writer().submit(message(room.id(), "mx", "old", "again"));
            CompletableFuture<WriteOutcome> b = rig.store.writer().submit(message(room.id(), "mx", "b", "b"));
            rig.switchable.openGate();

            assertThat(await(blocker).message().seq()).isEqualTo(2);
            assertThat(await(resent).duplicate()).isTrue();
            assertThat(await(resent).message()).isEqualTo(stored.message());
            assertThat(List.of(await(a), await(b))).extracting(o -> o.message().seq()).containsExactly(3L, 4L);
            assertThat(counter(rig.registry, StorageMeters.WRITER_CONFLICT_RETRIES)).isEqualTo(1);
            assertThat(counter(rig.registry, StorageMeters.WRITER_SPLITS)).isZero();
        }
        assertThat(storage.users().find("mx").orElseThrow().messageCount()).as("the resend counts once").isEqualTo(3);
    }

    // --------------------------------------------------------------------------------------- read markers

    @Test
    void readMarkersCountUnreadAndMentionsAfterTheMarker() {
        RoomRecord room = newRoom("alice");
        storage.memberships().join(room.id(), "bob_1", Role.MEMBER);
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
    void unreadCountsLookAtTheRoomsLatestThousandMessagesOnly() {
        RoomRecord room = newRoom("alice");
        storage.memberships().join(room.id(), "bob_1", Role.MEMBER);
        int after = MembershipRepository.UNREAD_COUNTED_MAX + 2;
        List<CompletableFuture<WriteOutcome>> writes = new ArrayList<>();
        for (int seq = 1; seq <= after; seq++) {
            // one mention before the counted range (seq 2: the first thousand after the marker, not the latest), one
            // inside it (the last)
            writes.add(storage.writer().submit(seq == 2 || seq == after
                    ? mentioning(room.id(), "alice", "hey bob " + seq, "bob_1")
                    : message(room.id(), "alice", null, "message " + seq)));
        }
        writes.forEach(StorageContract::await);

        assertThat(storage.memberships().readMarker(room.id(), "bob_1"))
                .isEqualTo(new MembershipRepository.ReadMarker(0, MembershipRepository.UNREAD_COUNTED_MAX, 1));
        assertThat(storage.rooms().view(room.id(), "bob_1").orElseThrow())
                .satisfies(r -> assertThat(r.unreadCount()).isEqualTo(MembershipRepository.UNREAD_COUNTED_MAX))
                .satisfies(r -> assertThat(r.unreadMentions()).isEqualTo(1));
        assertThat(storage.memberships().markRead(room.id(), "bob_1", 3))
                .as("a marker inside the latest thousand").isEqualTo(new MembershipRepository.ReadMarker(3, 999, 1));
    }

    @Test
    void messagesOfSomeoneIBlockCountNeitherAsUnreadNorAsMentions() {
        RoomRecord room = newRoom(uid("owner"));
        String me = uid("blocker");
        String pest = uid("pest");
        String friend = uid("friend");
        storage.memberships().join(room.id(), me, Role.MEMBER);
        await(storage.writer().submit(mentioning(room.id(), pest, "hey you", me)));
        await(storage.writer().submit(mentioning(room.id(), friend, "hi you", me)));
        storage.blocks().block(me, pest);

        assertThat(storage.memberships().readMarker(room.id(), me))
                .isEqualTo(new MembershipRepository.ReadMarker(0, 1, 1));
        assertThat(storage.rooms().view(room.id(), me).orElseThrow())
                .satisfies(r -> assertThat(r.unreadCount()).isEqualTo(1))
                .satisfies(r -> assertThat(r.unreadMentions()).isEqualTo(1));
        storage.blocks().unblock(me, pest);
        assertThat(storage.memberships().readMarker(room.id(), me))
                .isEqualTo(new MembershipRepository.ReadMarker(0, 2, 2));
    }

    @Test
    void groupedWorkForAReconnectStormAnswersAsOneCallAtATimeWould() {
        RoomRecord first = newRoom(uid("g-owner"));
        RoomRecord second = newRoom(uid("g-owner"));
        String a = uid("g-a");
        String b = uid("g-b");
        storage.memberships().join(second.id(), b, Role.MEMBER);
        storage.memberships().restrict(second.id(), uid("g-banned"), Role.BANNED, null);
        List<Membership> joined = storage.memberships().joinAll(List.of(
                new MembershipRepository.Join(second.id(), a, Role.MEMBER),
                new MembershipRepository.Join(first.id(), a, Role.MEMBER),
                new MembershipRepository.Join(second.id(), b, Role.TRUSTED)));
        assertThat(joined).extracting(Membership::roomId, Membership::userId, Membership::role).containsExactly(
                tuple(second.id(), a, Role.MEMBER), tuple(first.id(), a, Role.MEMBER),
                tuple(second.id(), b, Role.MEMBER));
        assertThat(storage.rooms().findById(second.id()).orElseThrow().memberCount())
                .as("owner, b and a; the one banned is no member").isEqualTo(3);
        assertThat(storage.memberships().allOf(second.id())).extracting(Membership::role)
                .containsExactlyInAnyOrder(Role.OWNER, Role.MEMBER, Role.MEMBER, Role.BANNED);

        String blocker = uid("g-blocker");
        storage.blocks().block(blocker, a);
        storage.blocks().block(blocker, b);
        storage.blocks().block(a, b);
        Map<String, java.util.Set<String>> lists = storage.blocks().blockedIdsOfAll(List.of(blocker, a, b, blocker));
        assertThat(lists).containsOnlyKeys(blocker, a, b);
        assertThat(lists.get(blocker)).containsExactlyInAnyOrder(a, b);
        assertThat(lists.get(a)).containsExactly(b);
        assertThat(lists.get(b)).isEmpty();

        var seen = storage.users().upsertSeenAll(List.of(
                new UserRepository.Sighting(a, "Ann", null, 2, false),
                new UserRepository.Sighting(b, "Bob", null, 0, true)));
        assertThat(seen).extracting(UserRecord::username).containsExactly("Ann", "Bob");
        assertThat(storage.users().upsertSeenAll(List.of(new UserRepository.Sighting(a, "Ann B.", null, 3, false))))
                .singleElement().satisfies(u -> assertThat(u.username()).isEqualTo("Ann B."));
    }

    @Test
    void aGroupOfFirstJoinsInOneRoomCountsEachNewcomerOnceAndStartsTheirMarkersAtTheNewestMessage() {
        RoomRecord room = newRoom(uid("j-owner"));
        for (int i = 0; i < 2; i++) {
            await(storage.writer().submit(new NewMessage(Uuids.v7(), room.id(), new User("j-owner", "j-owner"), null,
                    "before they came " + i, "text", List.of(), List.of(), null, null, Instant.now())));
        }
        String member = uid("j-member");
        storage.memberships().join(room.id(), member, Role.TRUSTED);
        String a = uid("j-a");
        String b = uid("j-b");
        List<Membership> joined = storage.memberships().joinAll(List.of(
                new MembershipRepository.Join(room.id(), b, Role.MEMBER),
                new MembershipRepository.Join(room.id(), member, Role.MEMBER),
                new MembershipRepository.Join(room.id(), a, Role.MEMBER),
                new MembershipRepository.Join(room.id(), b, Role.MEMBER)));
        assertThat(joined).extracting(Membership::userId, Membership::role, Membership::lastReadSeq).containsExactly(
                tuple(b, Role.MEMBER, 2L), tuple(member, Role.TRUSTED, 2L), tuple(a, Role.MEMBER, 2L),
                tuple(b, Role.MEMBER, 2L));
        assertThat(storage.rooms().findById(room.id()).orElseThrow().memberCount())
                .as("owner, the member before, a and b once").isEqualTo(4);
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

    // --------------------------------------------------------------------------------- rooms as a user sees them

    /** Every page of a cursor-paged list, checking each page's size and that cursors move forward. */
    protected static <T> List<T> allPages(java.util.function.BiFunction<String, Integer, Page<T>> list, int limit) {
        List<T> all = new ArrayList<>();
        String cursor = null;
        for (int pages = 0; pages < 10_000; pages++) {
            Page<T> page = list.apply(cursor, limit);
            assertThat(page.results().size()).isLessThanOrEqualTo(limit);
            all.addAll(page.results());
            if (page.nextCursor() == null) {
                return all;
            }
            assertThat(page.results()).hasSize(limit);
            cursor = page.nextCursor();
        }
        throw new AssertionError("paging never ended");
    }

    @Test
    void roomListShowsPublicRoomsAndMineWithMyUnreadCounts() {
        String me = uid("viewer");
        String other = uid("other");
        RoomRecord publicRoom = storage.rooms().create("Pub", uid("pub"), RoomType.CIRCLE, Visibility.PUBLIC, other, "");
        RoomRecord myPrivate = storage.rooms().create("Mine", uid("priv"), RoomType.CIRCLE, Visibility.PRIVATE, other, "");
        RoomRecord notMine = storage.rooms().create("Not", uid("priv"), RoomType.CIRCLE, Visibility.PRIVATE, other, "");
        RoomRecord unlisted = storage.rooms().create("Hidden", uid("unl"), RoomType.CIRCLE, Visibility.UNLISTED, other, "");
        RoomRecord myUnlisted = storage.rooms().create("Hidden mine", uid("unl"), RoomType.CIRCLE, Visibility.UNLISTED, other, "");
        UUID dm = storage.directMessages().openDirect(me, other).thread().id();
        storage.memberships().join(myPrivate.id(), me, Role.MEMBER);
        storage.memberships().join(myUnlisted.id(), me, Role.MODERATOR);
        write(myPrivate.id(), other, "one");
        await(storage.writer().submit(mentioning(myPrivate.id(), other, "hi you", me)));
        write(myPrivate.id(), me, "mine");

        List<dev.community.protocol.Room> rooms = allPages((cursor, limit) -> storage.rooms().listVisible(me, cursor, limit), 3);
        List<UUID> ids = rooms.stream().map(dev.community.protocol.Room::id).toList();

        assertThat(ids).contains(publicRoom.id(), myPrivate.id(), myUnlisted.id())
                .doesNotContain(notMine.id(), unlisted.id(), dm).doesNotHaveDuplicates();
        assertThat(ids).isSortedAccordingTo(java.util.Comparator.comparing(UUID::toString));
        dev.community.protocol.Room mine = rooms.stream().filter(r -> r.id().equals(myPrivate.id())).findFirst().orElseThrow();
        assertThat(mine.myRole()).isEqualTo(Role.MEMBER);
        assertThat(mine.lastReadSeq()).isZero();
        assertThat(mine.unreadCount()).isEqualTo(2);
        assertThat(mine.unreadMentions()).isEqualTo(1);
        assertThat(mine.messageCount()).isEqualTo(3);
        dev.community.protocol.Room pub = rooms.stream().filter(r -> r.id().equals(publicRoom.id())).findFirst().orElseThrow();
        assertThat(pub.myRole()).isNull();
        assertThat(pub.lastReadSeq()).isNull();
        assertThat(pub.unreadCount()).isZero();
        assertThat(rooms.stream().filter(r -> r.id().equals(myUnlisted.id())).findFirst().orElseThrow().myRole())
                .isEqualTo(Role.MODERATOR);

        storage.memberships().markRead(myPrivate.id(), me, 3);
        assertThat(storage.rooms().view(myPrivate.id(), me).orElseThrow())
                .satisfies(r -> assertThat(r.lastReadSeq()).isEqualTo(3))
                .satisfies(r -> assertThat(r.unreadCount()).isZero());
        assertThat(storage.rooms().view(dm, me).orElseThrow().roomType()).isEqualTo(RoomType.DM);
        assertThat(storage.rooms().view(UUID.randomUUID(), me)).isEmpty();
    }

    @ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
        "not base64 at all!|10",
        "cjpub3QtYS11dWlk|10",
        "eDoxMjM|10",
        "|0",
        "|101",
    })
    void listsRefuseForeignCursorsAndBadLimits(String cursor, int limit) {
        assertThatThrownBy(() -> storage.rooms().listVisible("u", cursor, limit))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> storage.messages().page(UUID.randomUUID(), cursor, limit))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void roomUpdateChangesOnlyTheGivenSettings() {
        RoomRecord room = newRoom("upd");
        RoomRecord updated = storage.rooms().update(room.id(),
                new RoomRepository.RoomUpdate("Renamed", null, Visibility.UNLISTED, 30, null, 2)).orElseThrow();
        assertThat(updated).isEqualTo(new RoomRecord(room.id(), "Renamed", room.slug(), room.roomType(), Visibility.UNLISTED,
                room.creatorId(), room.description(), 30, room.minTrustToJoin(), 2, room.memberCount(),
                room.messageCount(), room.lastSeq(), room.lastMessageAt(), room.createdAt()));
        assertThat(storage.rooms().update(UUID.randomUUID(), new RoomRepository.RoomUpdate("x", null, null, null, null, null)))
                .isEmpty();
        assertThatThrownBy(() -> storage.rooms().update(room.id(),
                new RoomRepository.RoomUpdate(null, null, null, -1, null, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ members

    private long memberCount(UUID roomId) {
        return storage.rooms().findById(roomId).orElseThrow().memberCount();
    }

    @Test
    void membersArePagedByUserIdWithTheirRestrictions() {
        RoomRecord room = newRoom("m-owner");
        storage.memberships().join(room.id(), "m-b", Role.MEMBER);
        storage.memberships().join(room.id(), "m-c", Role.TRUSTED);
        Instant until = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        storage.memberships().restrict(room.id(), "m-c", Role.MUTED, until);

        List<MembershipRepository.Member> members =
                allPages((cursor, limit) -> storage.memberships().members(room.id(), cursor, limit), 2);
        assertThat(members).extracting(m -> m.user().id()).containsExactly("m-b", "m-c", "m-owner");
        assertThat(members.get(1).role()).isEqualTo(Role.MUTED);
        assertThat(members.get(1).until()).isEqualTo(until);
        assertThat(members.get(0).until()).isNull();
    }

    @Test
    void aBanEndsTheMembershipAndHoldsUntilLiftedOrExpired() {
        RoomRecord room = newRoom("b-owner");
        storage.memberships().join(room.id(), "b-user", Role.MEMBER);
        assertThat(memberCount(room.id())).isEqualTo(2);
        Instant future = Instant.now().plus(1, ChronoUnit.DAYS);

        Membership banned = storage.memberships().restrict(room.id(), "b-user", Role.BANNED, future);
        assertThat(banned.isBanned(Instant.now())).isTrue();
        assertThat(memberCount(room.id())).isEqualTo(1);
        assertThat(storage.memberships().find(room.id(), "b-user")).contains(banned);
        assertThat(storage.memberships().join(room.id(), "b-user", Role.MEMBER)).as("a ban survives rejoining")
                .isEqualTo(banned);
        assertThat(memberCount(room.id())).isEqualTo(1);
        assertThat(storage.memberships().members(room.id(), null, 10).results())
                .anySatisfy(m -> assertThat(m.role()).isEqualTo(Role.BANNED));

        assertThat(storage.memberships().setRole(room.id(), "b-user", Role.MEMBER)).get()
                .extracting(Membership::bannedUntil).isNull();
        assertThat(storage.memberships().find(room.id(), "b-user")).as("unbanned is not yet a member again").isEmpty();
        assertThat(storage.memberships().join(room.id(), "b-user", Role.MEMBER).role()).isEqualTo(Role.MEMBER);
        assertThat(memberCount(room.id())).isEqualTo(2);

        storage.memberships().restrict(room.id(), "b-expired", Role.BANNED, Instant.now().minusSeconds(5));
        assertThat(storage.memberships().join(room.id(), "b-expired", Role.MEMBER).role())
                .as("an expired ban no longer keeps anyone out").isEqualTo(Role.MEMBER);
        assertThat(memberCount(room.id())).isEqualTo(3);

        Membership outsider = storage.memberships().restrict(room.id(), "b-never", Role.BANNED, null);
        assertThat(outsider.isBanned(Instant.now())).as("null until = permanent").isTrue();
        assertThat(memberCount(room.id())).isEqualTo(3);
        assertThatThrownBy(() -> storage.memberships().setRole(room.id(), "b-user", Role.BANNED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(storage.memberships().setRole(room.id(), "b-nobody", Role.ADMIN)).isEmpty();
    }

    @Test
    void aMuteKeepsTheMemberAndExpiresByItself() {
        RoomRecord room = newRoom("mu-owner");
        storage.memberships().join(room.id(), "mu-user", Role.TRUSTED);
        Membership expired = storage.memberships().restrict(room.id(), "mu-user", Role.MUTED,
                Instant.now().minusSeconds(1));
        assertThat(expired.isMuted(Instant.now())).isFalse();
        Membership muted = storage.memberships().restrict(room.id(), "mu-user", Role.MUTED, null);
        assertThat(muted.isMuted(Instant.now())).isTrue();
        assertThat(memberCount(room.id())).isEqualTo(2);
        assertThat(storage.memberships().setRole(room.id(), "mu-user", Role.MEMBER)).get()
                .satisfies(m -> assertThat(m.isMuted(Instant.now())).isFalse());

        storage.memberships().restrict(room.id(), "mu-later", Role.MUTED, null);
        assertThat(storage.memberships().join(room.id(), "mu-later", Role.MEMBER).role())
                .as("a mute waiting for a non-member applies when they join").isEqualTo(Role.MUTED);
    }

    @Test
    void restrictionsThatRanOutNoLongerShowInListsOrRoles() {
        RoomRecord room = newRoom("ex-owner");
        storage.memberships().join(room.id(), "ex-muted", Role.TRUSTED);
        storage.memberships().join(room.id(), "ex-banned", Role.MEMBER);
        storage.memberships().join(room.id(), "ex-still", Role.MEMBER);
        Instant past = Instant.now().minusSeconds(2);
        Instant future = Instant.now().plus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.MILLIS);
        storage.memberships().restrict(room.id(), "ex-muted", Role.MUTED, past);
        storage.memberships().restrict(room.id(), "ex-banned", Role.BANNED, past);
        storage.memberships().restrict(room.id(), "ex-still", Role.MUTED, future);

        List<MembershipRepository.Member> members = storage.memberships().members(room.id(), null, 10).results();
        assertThat(members).extracting(m -> m.user().id()).containsExactly("ex-muted", "ex-owner", "ex-still");
        assertThat(members.get(0)).satisfies(m -> {
            assertThat(m.role()).as("an expired mute leaves a plain member").isEqualTo(Role.MEMBER);
            assertThat(m.until()).isNull();
        });
        assertThat(members.get(2)).satisfies(m -> {
            assertThat(m.role()).isEqualTo(Role.MUTED);
            assertThat(m.until()).isEqualTo(future);
        });
        assertThat(storage.rooms().view(room.id(), "ex-muted").orElseThrow().myRole()).isEqualTo(Role.MEMBER);
        assertThat(storage.rooms().view(room.id(), "ex-still").orElseThrow().myRole()).isEqualTo(Role.MUTED);
        assertThat(storage.rooms().view(room.id(), "ex-banned").orElseThrow().myRole()).isNull();
        assertThat(allPages((cursor, limit) -> storage.rooms().listVisible("ex-muted", cursor, limit), 100))
                .filteredOn(r -> r.id().equals(room.id())).singleElement()
                .satisfies(r -> assertThat(r.myRole()).isEqualTo(Role.MEMBER));
        assertThat(storage.memberships().find(room.id(), "ex-muted").orElseThrow().effectiveRole(Instant.now()))
                .isEqualTo(Role.MEMBER);
        assertThat(storage.memberships().find(room.id(), "ex-banned").orElseThrow().effectiveRole(Instant.now()))
                .isNull();
    }

    @Test
    void aMessageStoredHiddenReadsBackHidden() {
        RoomRecord room = newRoom("hid-owner");
        NewMessage plain = message(room.id(), "hid-author", null, "visible");
        NewMessage hidden = new NewMessage(Uuids.v7(), room.id(), new User("hid-author", "hid-author name"), null, "hidden at birth",
                "text", List.of(), List.of(), null, null, Instant.now(), true);

        Message storedPlain = await(storage.writer().submit(plain)).message();
        Message storedHidden = await(storage.writer().submit(hidden)).message();

        assertThat(storedPlain.isHidden()).isFalse();
        assertThat(storedHidden.isHidden()).isTrue();
        assertThat(storage.messages().findById(room.id(), storedHidden.id())).contains(storedHidden);
        assertThat(storedHidden.content()).as("stored as written; redaction is the reader's").isEqualTo("hidden at birth");
    }

    @Test
    void leavingKeepsMemberCountRight() {
        RoomRecord room = newRoom("l-owner");
        storage.memberships().join(room.id(), "l-user", Role.MEMBER);
        storage.memberships().markRead(room.id(), "l-user", 0);
        assertThat(storage.memberships().leave(room.id(), "l-user")).isTrue();
        assertThat(storage.memberships().leave(room.id(), "l-user")).isFalse();
        assertThat(storage.memberships().leave(room.id(), "l-stranger")).isFalse();
        assertThat(memberCount(room.id())).isEqualTo(1);
        assertThat(storage.memberships().find(room.id(), "l-user")).isEmpty();
        storage.memberships().join(room.id(), "l-user", Role.MEMBER);
        assertThat(memberCount(room.id())).isEqualTo(2);
    }

    // ----------------------------------------------------------------------------------------------- messages

    @Test
    void theRestPageIsNewestFirstByCursor() {
        RoomRecord room = newRoom("page");
        for (int i = 0; i < 5; i++) {
            write(room.id(), "page", "p" + i);
        }
        List<Message> all = allPages((cursor, limit) -> storage.messages().page(room.id(), cursor, limit), 2);
        assertThat(all).extracting(Message::seq).containsExactly(5L, 4L, 3L, 2L, 1L);
        assertThat(storage.messages().page(room.id(), null, 5).nextCursor()).isNull();
    }

    @Test
    void aNewcomersMarkerStartsAtTheRoomsNewestMessage() {
        RoomRecord room = newRoom("newcomer");
        write(room.id(), "newcomer-author", "before");
        write(room.id(), "newcomer-author", "before too");
        var member = storage.memberships().join(room.id(), "late-joiner", Role.MEMBER);
        assertThat(member.lastReadSeq()).isEqualTo(2);
        assertThat(storage.memberships().readMarker(room.id(), "late-joiner").unreadCount()).isZero();
        write(room.id(), "newcomer-author", "after");
        assertThat(storage.memberships().readMarker(room.id(), "late-joiner").unreadCount()).isEqualTo(1);
    }

    @Test
    void editDeleteAndHideChangeTheStoredMessage() {
        RoomRecord room = newRoom("edit");
        storage.memberships().join(room.id(), "edit-reader", Role.MEMBER);
        Message original = write(room.id(), "edit", "first draft");
        MessageEditRepository edits = storage.messageEdits();

        Message edited = edits.edit(room.id(), original.id(), "second draft").orElseThrow();
        assertThat(edited.content()).isEqualTo("second draft");
        assertThat(edited.editedAt()).isNotNull();
        assertThat(edited.seq()).isEqualTo(original.seq());

        assertThat(edits.setHidden(room.id(), original.id(), true).orElseThrow().isHidden()).isTrue();
        assertThat(edits.setHidden(room.id(), original.id(), false).orElseThrow().isHidden()).isFalse();

        assertThat(storage.memberships().readMarker(room.id(), "edit-reader").unreadCount()).isEqualTo(1);
        Message tombstone = edits.delete(room.id(), original.id()).orElseThrow();
        assertThat(tombstone.isDeleted()).isTrue();
        assertThat(tombstone.content()).isEmpty();
        assertThat(tombstone.seq()).isEqualTo(original.seq());
        assertThat(storage.memberships().readMarker(room.id(), "edit-reader").unreadCount())
                .as("deleted messages are not unread").isZero();
        assertThat(edits.delete(room.id(), original.id())).contains(tombstone);
        assertThat(edits.edit(room.id(), original.id(), "resurrect")).isEmpty();
        assertThat(storage.messages().latest(room.id(), 10)).containsExactly(tombstone);

        assertThat(edits.edit(room.id(), UUID.randomUUID(), "x")).isEmpty();
        assertThat(edits.delete(UUID.randomUUID(), original.id())).as("the message must be in that room").isEmpty();
    }

    @Test
    void reactionsAreOncePerUserAndEmojiAndKeepCountsInStep() throws Exception {
        RoomRecord room = newRoom("react");
        Message m = write(room.id(), "react", "react to me");
        ReactionRepository reactions = storage.reactions();

        assertThat(reactions.add(room.id(), m.id(), "a", "👍", 20)).contains(
                new ReactionRepository.ReactionChange(Map.of("👍", 1), true));
        assertThat(reactions.add(room.id(), m.id(), "a", "👍", 20)).contains(
                new ReactionRepository.ReactionChange(Map.of("👍", 1), false));
        reactions.add(room.id(), m.id(), "b", "👍", 20);
        assertThat(reactions.add(room.id(), m.id(), "a", "❤️", 20).orElseThrow().reactionCounts())
                .isEqualTo(Map.of("👍", 2, "❤️", 1));
        assertThat(reactions.remove(room.id(), m.id(), "a", "👍").orElseThrow())
                .isEqualTo(new ReactionRepository.ReactionChange(Map.of("👍", 1, "❤️", 1), true));
        assertThat(reactions.remove(room.id(), m.id(), "a", "👍").orElseThrow().changed()).isFalse();
        assertThat(storage.messages().findById(room.id(), m.id()).orElseThrow().reactionCounts())
                .isEqualTo(Map.of("👍", 1, "❤️", 1));

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> adds = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String user = "fan" + i;
            adds.add(pool.submit(() -> reactions.add(room.id(), m.id(), user, "🎉", 20)));
        }
        for (Future<?> add : adds) {
            add.get(30, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertThat(storage.messages().findById(room.id(), m.id()).orElseThrow().reactionCounts())
                .containsEntry("🎉", 12);
        assertThat(reactions.add(room.id(), UUID.randomUUID(), "a", "👍", 20)).isEmpty();
        storage.messageEdits().delete(room.id(), m.id());
        assertThat(reactions.add(room.id(), m.id(), "c", "👍", 20)).as("no reactions on a tombstone").isEmpty();
    }

    @Test
    void mineListsOnlyTheUsersOwnEmojiSortedPerMessage() {
        RoomRecord room = newRoom("react-mine");
        Message first = write(room.id(), "react-mine", "one");
        Message second = write(room.id(), "react-mine", "two");
        Message untouched = write(room.id(), "react-mine", "three");
        ReactionRepository reactions = storage.reactions();
        reactions.add(room.id(), first.id(), "me", "👍", 20);
        reactions.add(room.id(), first.id(), "me", "🎉", 20);
        reactions.add(room.id(), first.id(), "other", "❤️", 20);
        reactions.add(room.id(), second.id(), "other", "👍", 20);
        reactions.add(room.id(), second.id(), "me", "a", 20);
        reactions.remove(room.id(), second.id(), "me", "a");

        assertThat(reactions.mine("me", List.of(first.id(), second.id(), untouched.id(), UUID.randomUUID())))
                .isEqualTo(Map.of(first.id(), List.of("🎉", "👍").stream().sorted().toList()));
        assertThat(reactions.mine("other", List.of(first.id(), second.id())))
                .isEqualTo(Map.of(first.id(), List.of("❤️"), second.id(), List.of("👍")));
        assertThat(reactions.mine("me", List.of())).isEmpty();
    }

    @Test
    void aMessageCarriesAtMostTheDistinctEmojiAllowedEvenUnderConcurrentAdds() throws Exception {
        RoomRecord room = newRoom("react-cap");
        Message m = write(room.id(), "react-cap", "pick one");
        ReactionRepository reactions = storage.reactions();
        reactions.add(room.id(), m.id(), "a", "e0", 3);
        reactions.add(room.id(), m.id(), "a", "e1", 3);

        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<Boolean>> adds = new ArrayList<>();
        for (int i = 2; i < 10; i++) {
            String emoji = "e" + i;
            adds.add(pool.submit(() -> {
                try {
                    reactions.add(room.id(), m.id(), "b", emoji, 3);
                    return true;
                } catch (ReactionRefusedException refused) {
                    assertThat(refused.reason()).isEqualTo(ReactionRefusedException.Reason.TOO_MANY_DISTINCT);
                    return false;
                }
            }));
        }
        int accepted = 0;
        for (Future<Boolean> add : adds) {
            accepted += add.get(30, TimeUnit.SECONDS) ? 1 : 0;
        }
        pool.shutdown();
        assertThat(accepted).as("exactly one more distinct emoji fits").isEqualTo(1);
        assertThat(storage.messages().findById(room.id(), m.id()).orElseThrow().reactionCounts()).hasSize(3);
        assertThat(reactions.add(room.id(), m.id(), "c", "e0", 3).orElseThrow().reactionCounts())
                .as("an emoji already there still takes more people").containsEntry("e0", 2);
        assertThatThrownBy(() -> reactions.add(room.id(), m.id(), "c", "new", 3))
                .isInstanceOf(ReactionRefusedException.class)
                .hasMessage("too many distinct reactions: a message carries at most 3");
    }

    @Test
    void aHiddenMessageTakesNoNewReactionButLetsOneBeRemoved() {
        RoomRecord room = newRoom("react-hidden");
        Message m = write(room.id(), "react-hidden", "hide me");
        storage.reactions().add(room.id(), m.id(), "a", "👍", 20);
        storage.messageEdits().setHidden(room.id(), m.id(), true);
        assertThatThrownBy(() -> storage.reactions().add(room.id(), m.id(), "b", "👍", 20))
                .isInstanceOf(ReactionRefusedException.class)
                .extracting(e -> ((ReactionRefusedException) e).reason())
                .isEqualTo(ReactionRefusedException.Reason.HIDDEN);
        assertThat(storage.reactions().remove(room.id(), m.id(), "a", "👍").orElseThrow().reactionCounts()).isEmpty();
    }

    // --------------------------------------------------------------------------------------------- moderation

    @Test
    void threeDistinctReportsFlagAndQueueTheMessageOnce() throws Exception {
        RoomRecord room = newRoom("rep-owner");
        Message m = write(room.id(), "rep-author", "objectionable");
        ReportRepository reports = storage.reports();

        assertThat(reports.report(room.id(), m.id(), "r1", "spam"))
                .contains(new ReportRepository.ReportOutcome(1, false, null));
        assertThatThrownBy(() -> reports.report(room.id(), m.id(), "r1", "spam again"))
                .isInstanceOf(ConflictException.class);
        assertThat(reports.report(room.id(), m.id(), "r2", "").orElseThrow().flaggedNow()).isFalse();
        ReportRepository.ReportOutcome third = reports.report(room.id(), m.id(), "r3", null).orElseThrow();
        assertThat(third.reportCount()).isEqualTo(3);
        assertThat(third.flaggedNow()).isTrue();
        assertThat(third.queueItemId()).isNotNull();
        ReportRepository.ReportOutcome fourth = reports.report(room.id(), m.id(), "r4", "me too").orElseThrow();
        assertThat(fourth).isEqualTo(new ReportRepository.ReportOutcome(4, false, third.queueItemId()));

        assertThat(count("SELECT COUNT(*) FROM messages WHERE id = ? AND is_flagged = TRUE", m.id())).isEqualTo(1);
        assertThat(storage.moderation().findQueueItem(third.queueItemId())).get()
                .satisfies(item -> assertThat(item.status()).isEqualTo("pending"))
                .satisfies(item -> assertThat(item.reportCount()).isEqualTo(4))
                .satisfies(item -> assertThat(item.messageId()).isEqualTo(m.id()));
        assertThat(storage.moderation().listForRoom(room.id(), null, 10).results()).singleElement()
                .satisfies(action -> {
                    assertThat(action.action()).isEqualTo("flag");
                    assertThat(action.source()).isEqualTo("community");
                    assertThat(action.moderatorId()).isNull();
                    assertThat(action.targetUserId()).isEqualTo("rep-author");
                    assertThat(action.targetMessageId()).isEqualTo(m.id());
                });
        assertThat(reports.report(room.id(), UUID.randomUUID(), "r1", "")).isEmpty();
    }

    @Test
    void concurrentReportsFlagExactlyOnce() throws Exception {
        RoomRecord room = newRoom("race-owner");
        Message m = write(room.id(), "race-author", "contested");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<ReportRepository.ReportOutcome>> outcomes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            String reporter = "racer" + i;
            outcomes.add(pool.submit(() -> storage.reports().report(room.id(), m.id(), reporter, "").orElseThrow()));
        }
        int flagged = 0;
        for (Future<ReportRepository.ReportOutcome> outcome : outcomes) {
            flagged += outcome.get(30, TimeUnit.SECONDS).flaggedNow() ? 1 : 0;
        }
        pool.shutdown();
        assertThat(flagged).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM moderation_queue WHERE message_id = ?", m.id())).isEqualTo(1);
        assertThat(count("SELECT report_count FROM moderation_queue WHERE message_id = ?", m.id())).isEqualTo(8);
    }

    @Test
    void moderationActionsAreAnAuditTrailNewestFirst() {
        RoomRecord room = newRoom("mod-owner");
        ModerationRepository moderation = storage.moderation();
        ModerationAction warn = moderation.record(new NewModerationAction(room.id(), "warn", "admin", "mod-owner",
                "target", null, null, "be nice", null));
        ModerationAction mute = moderation.record(new NewModerationAction(room.id(), "mute", "admin", "mod-owner",
                "target", null, null, "cool down", Duration.ofMinutes(10)));
        ModerationAction lock = moderation.record(new NewModerationAction(room.id(), "lock", "system", null,
                null, null, null, null, null));

        assertThat(mute.durationSeconds()).isEqualTo(600);
        assertThat(mute.expiresAt()).isEqualTo(mute.createdAt().plusSeconds(600));
        assertThat(warn.expiresAt()).isNull();
        assertThat(lock.reason()).isEmpty();
        assertThat(allPages((cursor, limit) -> moderation.listForRoom(room.id(), cursor, limit), 2))
                .containsExactly(lock, mute, warn);
        assertThatThrownBy(() -> moderation.record(new NewModerationAction(room.id(), "smite", "admin", "x", null,
                null, null, "", null))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> moderation.record(new NewModerationAction(room.id(), "warn", "mob", "x", null,
                null, null, "", null))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void contentModerationFlagsQueueAndAuditOnce() throws Exception {
        RoomRecord room = newRoom("ai-owner");
        Message m = write(room.id(), "ai-author", "suspicious");
        ModerationRepository moderation = storage.moderation();

        ModerationQueueItem item = moderation.flagForReview(room.id(), m.id(), "ai", "matched a pattern").orElseThrow();
        assertThat(item.status()).isEqualTo("pending");
        assertThat(item.reason()).isEqualTo("matched a pattern");
        assertThat(item.reportCount()).isZero();
        assertThat(count("SELECT COUNT(*) FROM messages WHERE id = ? AND is_flagged = TRUE", m.id())).isEqualTo(1);
        assertThat(moderation.flagForReview(room.id(), m.id(), "ai", "again")).get()
                .extracting(ModerationQueueItem::id).as("queued once").isEqualTo(item.id());
        for (String reporter : List.of("air1", "air2", "air3")) {
            assertThat(storage.reports().report(room.id(), m.id(), reporter, "").orElseThrow().flaggedNow())
                    .as("already flagged").isFalse();
        }
        assertThat(moderation.listForRoom(room.id(), null, 10).results())
                .allSatisfy(a -> {
                    assertThat(a.action()).isEqualTo("flag");
                    assertThat(a.source()).isEqualTo("ai");
                    assertThat(a.targetUserId()).isEqualTo("ai-author");
                    assertThat(a.targetMessageId()).isEqualTo(m.id());
                }).hasSize(2);
        assertThat(moderation.flagForReview(room.id(), UUID.randomUUID(), "ai", "")).isEmpty();
        RoomRecord other = newRoom("ai-other");
        assertThat(moderation.flagForReview(other.id(), m.id(), "ai", "")).as("only within its room").isEmpty();
        assertThatThrownBy(() -> moderation.flagForReview(room.id(), m.id(), "robot", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aRefusalBeforeStorageIsAuditedAsReject() {
        RoomRecord room = newRoom("rej-owner");
        ModerationAction reject = storage.moderation().record(new NewModerationAction(room.id(), "reject", "ai", null,
                "rej-author", null, null, "blocked word", null));
        assertThat(reject.action()).isEqualTo("reject");
        assertThat(reject.source()).isEqualTo("ai");
        assertThat(storage.moderation().listForRoom(room.id(), null, 10).results()).containsExactly(reject);
    }

    @Test
    void theQueueShowsModeratorsTheirRoomsAndStaffEverything() {
        RoomRecord room = newRoom("q-owner");
        storage.memberships().join(room.id(), "q-mod", Role.MODERATOR);
        storage.memberships().join(room.id(), "q-member", Role.MEMBER);
        Message m = write(room.id(), "q-author", "flag me");
        for (String reporter : List.of("q1", "q2", "q3")) {
            storage.reports().report(room.id(), m.id(), reporter, "");
        }
        UUID item = storage.moderation().queue("q-mod", false, "pending", null, 10).results().get(0).id();

        assertThat(storage.moderation().queue("q-owner", false, null, null, 10).results())
                .extracting(ModerationQueueItem::id).containsExactly(item);
        assertThat(storage.moderation().queue("q-member", false, null, null, 10).results()).isEmpty();
        assertThat(allPages((cursor, limit) -> storage.moderation().queue("anyone", true, "pending", cursor, limit), 1))
                .extracting(ModerationQueueItem::id).contains(item);

        ModerationQueueItem reviewed = storage.moderation().review(item, "dismissed", "q-mod").orElseThrow();
        assertThat(reviewed.status()).isEqualTo("dismissed");
        assertThat(reviewed.reviewedBy()).isEqualTo("q-mod");
        assertThat(reviewed.reviewedAt()).isNotNull();
        assertThat(storage.moderation().queue("q-mod", false, "pending", null, 10).results()).isEmpty();
        assertThat(storage.moderation().review(UUID.randomUUID(), "reviewed", "q-mod")).isEmpty();
        assertThatThrownBy(() -> storage.moderation().review(item, "ignored", "q-mod"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ threads

    @Test
    void threadsAreCreatedListedLockedAndCountTheirMessages() {
        RoomRecord room = newRoom("th-owner");
        ThreadRecord first = storage.threads().create(room.id(), "First", "th-owner");
        ThreadRecord second = storage.threads().create(room.id(), "Second", "th-owner");
        NewMessage inThread = new NewMessage(Uuids.v7(), room.id(), new User("th-owner", "o"), null, "in thread",
                "text", List.of(), List.of(), null, first.id(), Instant.now());
        Message stored = await(storage.writer().submit(inThread)).message();

        assertThat(stored.threadId()).isEqualTo(first.id());
        assertThat(storage.threads().find(first.id())).get()
                .satisfies(t -> assertThat(t.messageCount()).isEqualTo(1))
                .satisfies(t -> assertThat(t.lastMessageAt()).isEqualTo(stored.createdAt()));
        assertThat(allPages((cursor, limit) -> storage.threads().list(room.id(), cursor, limit), 1))
                .extracting(ThreadRecord::id).containsExactly(first.id(), second.id());
        assertThat(storage.threads().setLocked(second.id(), true).orElseThrow().locked()).isTrue();
        assertThat(storage.threads().find(second.id()).orElseThrow().locked()).isTrue();
        assertThat(storage.threads().setLocked(second.id(), false).orElseThrow().locked()).isFalse();
        assertThat(storage.threads().setLocked(UUID.randomUUID(), true)).isEmpty();
        assertThatThrownBy(() -> storage.threads().create(room.id(), " ", "th-owner"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ DMs

    @Test
    void aOneToOneThreadIsTheSameFromEitherSide() {
        String a = uid("dm-a");
        String b = uid("dm-b");
        storage.users().upsertSeen(a, "Ann", null, 0, false);
        DirectMessageRepository dms = storage.directMessages();

        DirectMessageRepository.Opened opened = dms.openDirect(a, b);
        DirectMessageRepository.Opened fromB = dms.openDirect(b, a);

        assertThat(opened.created()).isTrue();
        assertThat(fromB.created()).isFalse();
        assertThat(fromB.thread().id()).isEqualTo(opened.thread().id());
        assertThat(opened.thread().group()).isFalse();
        assertThat(opened.thread().room().roomType()).isEqualTo(RoomType.DM);
        assertThat(opened.thread().room().visibility()).isEqualTo(Visibility.PRIVATE);
        assertThat(opened.thread().room().memberCount()).isEqualTo(2);
        assertThat(opened.thread().participants()).extracting(User::id).containsExactlyInAnyOrder(a, b);
        assertThat(opened.thread().participants()).contains(new User(a, "Ann"));
        assertThat(dms.isParticipant(opened.thread().id(), a)).isTrue();
        assertThat(dms.isParticipant(opened.thread().id(), uid("dm-c"))).isFalse();
        assertThat(dms.listForUser(b, null, 10).results()).extracting(DirectMessageRepository.DmThread::id)
                .containsExactly(opened.thread().id());
        assertThatThrownBy(() -> dms.openDirect(a, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void concurrentFirstOpensOfAPairMakeOneThread() throws Exception {
        String a = uid("race-a");
        String b = uid("race-b");
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<DirectMessageRepository.Opened>> opens = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            boolean flip = i % 2 == 0;
            opens.add(pool.submit(() -> flip ? storage.directMessages().openDirect(a, b)
                    : storage.directMessages().openDirect(b, a)));
        }
        List<DirectMessageRepository.Opened> results = new ArrayList<>();
        for (Future<DirectMessageRepository.Opened> open : opens) {
            results.add(open.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        assertThat(results).extracting(o -> o.thread().id()).containsOnly(results.get(0).thread().id());
        assertThat(results).filteredOn(DirectMessageRepository.Opened::created).hasSize(1);
        assertThat(count("SELECT COUNT(*) FROM rooms r JOIN room_memberships ms ON ms.room_id = r.id"
                + " WHERE r.room_type = 'dm' AND ms.user_id = ?", a)).isEqualTo(1);
    }

    @Test
    void groupThreadsAndMyThreadList() {
        String me = uid("g-me");
        String x = uid("g-x");
        String y = uid("g-y");
        DirectMessageRepository.DmThread group = storage.directMessages().createGroup(me, List.of(x, y, x, me));
        UUID direct = storage.directMessages().openDirect(me, x).thread().id();
        write(group.id(), x, "hello group");

        assertThat(group.group()).isTrue();
        assertThat(group.room().myRole()).isEqualTo(Role.OWNER);
        assertThat(group.participants()).extracting(User::id).containsExactlyInAnyOrder(me, x, y);
        assertThat(allPages((cursor, limit) -> storage.directMessages().listForUser(me, cursor, limit), 1))
                .extracting(DirectMessageRepository.DmThread::id).containsExactly(group.id(), direct);
        DirectMessageRepository.DmThread seen = storage.directMessages().find(group.id(), me).orElseThrow();
        assertThat(seen.room().unreadCount()).isEqualTo(1);
        assertThat(storage.directMessages().find(UUID.randomUUID(), me)).isEmpty();
        assertThat(storage.directMessages().find(newRoom("g-me").id(), me)).as("a room that is not a DM").isEmpty();
        assertThatThrownBy(() -> storage.directMessages().createGroup(me, List.of(me)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------------------------------------ blocks

    @Test
    void blocksWorkEitherWayAndListTheBlockers() {
        String a = uid("bl-a");
        String b = uid("bl-b");
        String c = uid("bl-c");
        BlockRepository blocks = storage.blocks();

        assertThat(blocks.block(a, b)).isTrue();
        assertThat(blocks.block(a, b)).isFalse();
        assertThat(blocks.find(a, b)).get().satisfies(found -> {
            assertThat(found.user().id()).isEqualTo(b);
            assertThat(found.createdAt()).isNotNull();
        });
        assertThat(blocks.find(b, a)).as("one way only").isEmpty();
        assertThat(blocks.isBlockedEitherWay(a, b)).isTrue();
        assertThat(blocks.isBlockedEitherWay(b, a)).isTrue();
        assertThat(blocks.isBlockedEitherWay(a, c)).isFalse();
        blocks.block(c, b);
        blocks.block(a, c);
        assertThat(blocks.blockersOf(b)).containsExactlyInAnyOrder(a, c);
        assertThat(blocks.blockersOf(a)).isEmpty();
        assertThat(allPages((cursor, limit) -> blocks.blocked(a, cursor, limit), 1))
                .extracting(blocked -> blocked.user().id()).containsExactly(b, c);

        assertThat(blocks.unblock(a, b)).isTrue();
        assertThat(blocks.unblock(a, b)).isFalse();
        assertThat(blocks.isBlockedEitherWay(b, a)).isFalse();
        assertThat(blocks.blockersOf(b)).containsExactly(c);
        assertThatThrownBy(() -> blocks.block(a, a)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aOneToOneThreadIsBlockedWhileEitherSideBlocks() {
        String a = uid("bd-a");
        String b = uid("bd-b");
        String c = uid("bd-c");
        UUID direct = storage.directMessages().openDirect(a, b).thread().id();
        UUID group = storage.directMessages().createGroup(a, List.of(b, c)).id();
        BlockRepository blocks = storage.blocks();
        DirectMessageRepository dms = storage.directMessages();

        assertThat(dms.isBlockedDirect(direct)).isFalse();
        blocks.block(b, a);
        assertThat(dms.isBlockedDirect(direct)).isTrue();
        assertThat(dms.isBlockedDirect(group)).as("groups are not closed by a block").isFalse();
        blocks.unblock(b, a);
        blocks.block(a, b);
        assertThat(dms.isBlockedDirect(direct)).isTrue();
        blocks.unblock(a, b);
        blocks.block(a, c);
        assertThat(dms.isBlockedDirect(direct)).as("a block of someone else").isFalse();
        assertThat(dms.isBlockedDirect(UUID.randomUUID())).isFalse();
    }
}
