package dev.community.server.cluster;

import static dev.community.server.cluster.ClusterChecks.send;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.server.support.TestServer;
import dev.community.server.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.awaitility.Awaitility;

/**
 * Traffic in several rooms of a two-node cluster while something happens to Redis, and the audit afterwards. In
 * each room one sender on node A and one on node B send without pause (each send waits for its answer: an
 * acknowledgement or an error, never silence), and a watcher on B only listens. The audit proves that every
 * acknowledged message is stored once, that nothing unacknowledged was stored, and that every member received every
 * stored message of the room once, in seq order.
 */
final class FailoverTraffic implements AutoCloseable {
    /** Generous: a failover takes seconds on a quiet machine, but CI machines are not always quiet. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private record Sender(String name, WsClient socket, UUID room) {
    }

    private final TestServer a;
    private final List<UUID> rooms;
    private final List<Sender> senders = new ArrayList<>();
    private final List<WsClient> watchers = new ArrayList<>();
    private final ExecutorService threads;
    private final AtomicBoolean stop = new AtomicBoolean();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final AtomicInteger lateAcks = new AtomicInteger();
    private final Set<String> acks = ConcurrentHashMap.newKeySet();
    private final Map<String, String> refusals = new ConcurrentHashMap<>();
    private final List<Future<?>> running = new ArrayList<>();

    FailoverTraffic(TestServer a, TestServer b, List<UUID> rooms, String tag) {
        this.a = a;
        this.rooms = rooms;
        for (int r = 0; r < rooms.size(); r++) {
            UUID room = rooms.get(r);
            WsClient onA = WsClient.connect(a, tag + "-a" + r, roomPath(room));
            WsClient onB = WsClient.connect(b, tag + "-b" + r, roomPath(room));
            WsClient watcher = WsClient.connect(b, tag + "-w" + r, roomPath(room));
            for (WsClient socket : List.of(onA, onB, watcher)) {
                socket.next("room_state");
            }
            senders.add(new Sender(tag + "-a" + r, onA, room));
            senders.add(new Sender(tag + "-b" + r, onB, room));
            watchers.add(watcher);
        }
        threads = Executors.newFixedThreadPool(senders.size());
    }

    /** Starts every sender; each sends its next message as soon as the previous one is answered. */
    void start() {
        for (Sender sender : senders) {
            running.add(threads.submit(() -> {
                for (int i = 0; !stop.get(); i++) {
                    String id = sender.name() + "-" + i;
                    sender.socket().send(send(id, id));
                    JsonNode answer = sender.socket().next(e -> id.equals(e.path("client_id").asText()),
                            "the answer to " + id);
                    if ("new_message".equals(answer.path("event").asText())) {
                        acks.add(id);
                        acknowledged.incrementAndGet();
                    } else {
                        refusals.put(id, answer.path("code").asText());
                    }
                }
                return null;
            }));
        }
    }

    int acknowledged() {
        return acknowledged.get();
    }

    /** Waits until {@code more} further messages have been acknowledged. */
    void awaitMore(int more) {
        int target = acknowledged.get() + more;
        Awaitility.await().atMost(WAIT).until(() -> acknowledged.get() >= target || failed());
        assertThat(failed()).as("a sender failed (an answer missing?)").isFalse();
    }

    private boolean failed() {
        return running.stream().anyMatch(Future::isDone);
    }

    /** Stops sending, then audits every room; returns the refusals seen (client_id → error code). */
    Map<String, String> stopAndAudit() throws Exception {
        stop.set(true);
        for (Future<?> sender : running) {
            sender.get(); // rethrows a sender's failure: a send left without an answer fails the test
        }
        for (int r = 0; r < rooms.size(); r++) {
            int roomIndex = r;
            UUID room = rooms.get(r);
            List<Message> stored = stored(room);
            long last = stored.isEmpty() ? 0 : stored.get(stored.size() - 1).seq();
            assertThat(stored.stream().map(Message::seq).toList()).as("stored seqs of room %s", r)
                    .isEqualTo(LongStream.rangeClosed(1, last).boxed().toList());
            List<String> contents = stored.stream().map(Message::content).toList();
            List<String> roomAcks = acks.stream().filter(id -> id.matches(".*-[ab]" + roomIndex + "-\\d+")).sorted().toList();
            assertThat(contents).as("every acknowledged message of room %s stored once, nothing else", r)
                    .doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(roomAcks);
            List<WsClient> members = new ArrayList<>();
            members.add(senders.get(2 * r).socket());
            members.add(senders.get(2 * r + 1).socket());
            members.add(watchers.get(r));
            long total = last;
            for (int m = 0; m < members.size(); m++) {
                WsClient member = members.get(m);
                String own = m < 2 ? senders.get(2 * r + m).name() + "-" : null;
                Awaitility.await().atMost(WAIT).until(() -> delivered(member, own).size() >= total);
                assertThat(delivered(member, own)).as("what member %s of room %s received", m, r)
                        .isEqualTo(LongStream.rangeClosed(1, total).boxed().toList());
                lateAcks.addAndGet(newMessages(member).size() - delivered(member, own).size());
            }
        }
        return Map.copyOf(refusals);
    }

    private List<Message> stored(UUID room) {
        List<Message> all = new ArrayList<>();
        while (true) {
            List<Message> page = a.server().context().storage().messages()
                    .after(room, all.isEmpty() ? 0 : all.get(all.size() - 1).seq(), 500);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
        }
    }

    /**
     * The seqs of the new_message events a member received, in order. A seq may come twice only as the contract
     * allows (PROTOCOL.md §2.6): a sender's own message delivered from storage (without client_id) before its
     * acknowledgement (with it) caught up. Anything else twice is a double and stays in the list.
     */
    private List<Long> delivered(WsClient member, String ownPrefix) {
        List<Long> seqs = new ArrayList<>();
        java.util.Map<Long, Boolean> withoutClientId = new java.util.HashMap<>();
        for (JsonNode event : newMessages(member)) {
            long seq = event.path("message").path("seq").asLong();
            String clientId = event.path("client_id").asText("");
            boolean lateAck = ownPrefix != null && clientId.startsWith(ownPrefix)
                    && Boolean.TRUE.equals(withoutClientId.get(seq));
            if (lateAck) {
                withoutClientId.put(seq, false);
                continue;
            }
            withoutClientId.putIfAbsent(seq, clientId.isEmpty());
            seqs.add(seq);
        }
        return seqs;
    }

    /** Acknowledgements that followed the storage copy of their message (allowed, counted for the record). */
    int lateAcks() {
        return lateAcks.get();
    }

    private static List<JsonNode> newMessages(WsClient member) {
        member.pending();
        return member.seen().stream().filter(e -> "new_message".equals(e.path("event").asText())).toList();
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
        senders.forEach(sender -> sender.socket().close());
        watchers.forEach(WsClient::close);
    }
}
