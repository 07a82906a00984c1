package dev.community.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.server.ServerMetrics;
import dev.community.server.room.Delivery;
import dev.community.server.room.EventEncoder;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.LocalRoomBus;
import dev.community.server.room.Member;
import dev.community.server.room.RoomRegistry;
import dev.community.storage.StorageUnavailableException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.local.LocalChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The per-room sequencer: whatever order messages arrive in, and whatever pub/sub loses, members get every stored
 * message once, in seq order, with storage filling the real gaps.
 */
class RoomSequencerTest {
    static final UUID ROOM = UUID.randomUUID();
    static final Duration SETTLE = Duration.ofSeconds(5);

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final ClusterMetrics metrics = new ClusterMetrics(meters);
    final DefaultEventLoopGroup loops = new DefaultEventLoopGroup(1);
    final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    final ExecutorService storageThread = Executors.newSingleThreadExecutor();
    final EventEncoder encoder = new EventEncoder(new JsonCodec(), UnpooledByteBufAllocator.DEFAULT);
    final FakeStorage storage = new FakeStorage();
    RoomRegistry registry;
    LiveRoom room;
    RecordingMember alice;
    RecordingMember bob;

    @BeforeEach
    void setUp() throws Exception {
        registry = new RoomRegistry(new ServerMetrics(meters), Duration.ofSeconds(3), new dev.community.server.room.PresenceSettings(200,
                Duration.ofSeconds(2), new dev.community.server.room.EventEncoder(new dev.community.protocol.JsonCodec(),
                io.netty.buffer.UnpooledByteBufAllocator.DEFAULT)));
        room = registry.acquire(ROOM, RoomType.FORUM);
        alice = join("alice");
        bob = join("bob");
    }

    @AfterEach
    void tearDown() {
        timer.shutdownNow();
        storageThread.shutdownNow();
        loops.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    RecordingMember join(String userId) throws Exception {
        LocalChannel channel = new LocalChannel();
        loops.register(channel).sync();
        RecordingMember member = new RecordingMember(channel, userId);
        channel.eventLoop().submit(() -> room.add(member)).sync();
        return member;
    }

    RoomSequencer sequencer(long lastSeqSeen) {
        return new RoomSequencer(room, lastSeqSeen, new LocalRoomBus(registry, encoder), encoder, storage, timer, metrics);
    }

    static Message message(long seq, String author) {
        return new Message(new UUID(0, seq), ROOM, seq, null, new User(author, author), "m" + seq, "text", List.of(),
                List.of(), null, Map.of(), Instant.EPOCH, null, false, false);
    }

    static RoomSequencer.Pending arrived(long seq) {
        return new RoomSequencer.Pending(message(seq, "carol"), null, null);
    }

    double counter(String name) {
        var counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    static Stream<Arguments> arrivals() {
        return Stream.of(
                Arguments.of("in order", 0L, List.of(1L, 2L, 3L), List.of(1L, 2L, 3L), List.of(1L, 2L, 3L), 0),
                Arguments.of("two swapped", 0L, List.of(1L, 2L, 3L), List.of(2L, 1L, 3L), List.of(1L, 2L, 3L), 0),
                Arguments.of("a burst reversed", 0L, List.of(1L, 2L, 3L, 4L, 5L), List.of(5L, 4L, 3L, 2L, 1L),
                        List.of(1L, 2L, 3L, 4L, 5L), 0),
                Arguments.of("one lost", 0L, List.of(1L, 2L, 3L), List.of(1L, 3L), List.of(1L, 2L, 3L), 1),
                Arguments.of("the first lost", 0L, List.of(1L, 2L, 3L), List.of(2L, 3L), List.of(1L, 2L, 3L), 1),
                Arguments.of("several lost", 4L, List.of(5L, 6L, 7L, 8L, 9L), List.of(9L), List.of(5L, 6L, 7L, 8L, 9L), 4),
                Arguments.of("a seq never stored", 0L, List.of(1L, 3L), List.of(1L, 3L), List.of(1L, 3L), 1),
                Arguments.of("duplicates", 0L, List.of(1L, 2L), List.of(1L, 1L, 2L, 1L, 2L), List.of(1L, 2L), 0),
                Arguments.of("older than the room state", 5L, List.of(4L, 5L, 6L), List.of(4L, 5L, 6L), List.of(6L), 0),
                Arguments.of("start unknown", -1L, List.of(7L, 8L), List.of(7L, 8L), List.of(7L, 8L), 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("arrivals")
    void deliversEveryStoredMessageOnceInSeqOrder(String name, long lastSeqSeen, List<Long> stored, List<Long> arrivals,
                                                  List<Long> expected, int readsExpectedAtLeast) {
        stored.forEach(seq -> storage.store(message(seq, "carol")));
        RoomSequencer sequencer = sequencer(lastSeqSeen);
        arrivals.forEach(seq -> sequencer.offer(arrived(seq)));

        Awaitility.await().atMost(SETTLE).until(() -> bob.seqs().size() >= expected.size() && !storage.reading());
        assertThat(bob.seqs()).isEqualTo(expected);
        assertThat(alice.seqs()).isEqualTo(expected);
        if (readsExpectedAtLeast == 0) {
            assertThat(storage.reads.get()).as("no storage read when pub/sub brought everything").isZero();
        } else {
            assertThat(storage.reads.get()).isGreaterThanOrEqualTo(1);
        }
        assertThat(sequencer.lastDelivered()).isEqualTo(expected.get(expected.size() - 1));
    }

    @Test
    void countsWhatStorageRepairedAndTheHolesItSkipped() {
        storage.store(message(1, "carol"));
        storage.store(message(2, "carol"));
        storage.store(message(4, "carol"));
        RoomSequencer sequencer = sequencer(0);
        sequencer.offer(arrived(4));

        Awaitility.await().atMost(SETTLE).until(() -> bob.seqs().size() == 3);
        assertThat(bob.seqs()).containsExactly(1L, 2L, 4L);
        assertThat(counter("community.cluster.gap.repaired")).isEqualTo(2);
        assertThat(counter("community.cluster.gap.holes")).isEqualTo(1);
        assertThat(counter("community.cluster.messages.held")).isEqualTo(1);
    }

    @Test
    void aWatermarkAloneFillsWhatPubSubLost() {
        LongStream.rangeClosed(1, 3).forEach(seq -> storage.store(message(seq, "carol")));
        RoomSequencer sequencer = sequencer(0);
        sequencer.watermark(3);

        Awaitility.await().atMost(SETTLE).until(() -> bob.seqs().size() == 3);
        assertThat(bob.seqs()).containsExactly(1L, 2L, 3L);
    }

    @Test
    void catchUpReadsBatchAfterBatchInOrder() {
        int count = RoomSequencer.FILL_BATCH * 2 + 17;
        LongStream.rangeClosed(1, count).forEach(seq -> storage.store(message(seq, "carol")));
        RoomSequencer sequencer = sequencer(0);
        sequencer.catchUp();

        Awaitility.await().atMost(SETTLE).until(() -> bob.seqs().size() == count);
        assertThat(bob.seqs()).isEqualTo(LongStream.rangeClosed(1, count).boxed().toList());
        assertThat(storage.reads.get()).isEqualTo(3);
    }

    @Test
    void aFailedReadIsRetriedUntilStorageAnswers() {
        storage.store(message(1, "carol"));
        storage.store(message(2, "carol"));
        storage.failures.set(2);
        RoomSequencer sequencer = sequencer(0);
        sequencer.offer(arrived(2));

        Awaitility.await().atMost(SETTLE).until(() -> bob.seqs().size() == 2);
        assertThat(bob.seqs()).containsExactly(1L, 2L);
        assertThat(counter("community.cluster.gap.fill.failures")).isEqualTo(2);
    }

    @Test
    void theHeldCopyWithItsClientIdWinsOverStorage() {
        storage.store(message(1, "carol"));
        storage.store(message(2, "alice"));
        RoomSequencer sequencer = sequencer(0);
        sequencer.offer(new RoomSequencer.Pending(message(2, "alice"), null, "c-2"));

        Awaitility.await().atMost(SETTLE).until(() -> alice.seqs().size() == 2);
        assertThat(alice.texts().get(1)).contains("\"client_id\":\"c-2\"");
        assertThat(bob.texts().get(1)).contains("\"client_id\":null");
    }

    @Test
    void aSenderDeliveredFromStorageStillGetsItsAcknowledgement() {
        storage.store(message(1, "alice"));
        storage.store(message(2, "carol"));
        RoomSequencer sequencer = sequencer(0);
        sequencer.offer(arrived(2));
        Awaitility.await().atMost(SETTLE).until(() -> alice.seqs().size() == 2);
        // The fill carries no client_id (a key with letters a UUID never holds, so no id in the frame can match it).
        assertThat(alice.texts()).noneMatch(text -> text.contains("send-one"));

        // the writer's own copy of seq 1, with the sender's client_id, comes after the fill
        sequencer.offer(new RoomSequencer.Pending(message(1, "alice"), null, "send-one"));
        Awaitility.await().atMost(SETTLE).until(() -> alice.texts().size() == 3);
        assertThat(alice.texts().get(2)).contains("\"client_id\":\"send-one\"").contains("\"seq\":1");
        assertThat(bob.texts()).hasSize(2);
    }

    @Test
    void aClosedSequencerDeliversNothing() {
        storage.store(message(1, "carol"));
        RoomSequencer sequencer = sequencer(0);
        sequencer.close();
        sequencer.offer(arrived(1));
        sequencer.catchUp();

        assertThat(bob.seqs()).isEmpty();
        assertThat(storage.reads.get()).isZero();
    }

    /** Storage as the sequencer sees it: reads on another thread, optionally failing. */
    final class FakeStorage implements MessageSource {
        final TreeMap<Long, Message> messages = new TreeMap<>();
        final AtomicInteger reads = new AtomicInteger();
        final AtomicInteger failures = new AtomicInteger();
        final AtomicInteger inFlight = new AtomicInteger();

        synchronized void store(Message message) {
            messages.put(message.seq(), message);
        }

        boolean reading() {
            return inFlight.get() > 0;
        }

        @Override
        public CompletableFuture<List<Message>> after(UUID roomId, long afterSeq, int limit) {
            reads.incrementAndGet();
            inFlight.incrementAndGet();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    if (failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                        throw new StorageUnavailableException("down");
                    }
                    synchronized (this) {
                        return messages.tailMap(afterSeq, false).values().stream().limit(limit).toList();
                    }
                } finally {
                    inFlight.decrementAndGet();
                }
            }, storageThread);
        }
    }

    /** A member that records what reaches it: the seq and the bytes it would write. */
    static final class RecordingMember implements Member {
        private final Channel channel;
        private final String userId;
        private final List<Long> seqs = Collections.synchronizedList(new ArrayList<>());
        private final List<String> texts = Collections.synchronizedList(new ArrayList<>());

        RecordingMember(Channel channel, String userId) {
            this.channel = channel;
            this.userId = userId;
        }

        @Override
        public Channel channel() {
            return channel;
        }

        @Override
        public String userId() {
            return userId;
        }

        @Override
        public boolean deliver(Delivery delivery) {
            ByteBuf bytes = delivery.bytesFor(userId, false);
            if (bytes == null) {
                return false;
            }
            if (delivery.seq() > 0) {
                seqs.add(delivery.seq());
            }
            texts.add(bytes.toString(StandardCharsets.UTF_8));
            return false;
        }

        List<Long> seqs() {
            synchronized (seqs) {
                return List.copyOf(seqs);
            }
        }

        List<String> texts() {
            synchronized (texts) {
                return List.copyOf(texts);
            }
        }
    }
}
