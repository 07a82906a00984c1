package dev.community.server.room;

import dev.community.protocol.EncodedList;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.server.ServerMetrics;
import io.netty.channel.Channel;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * The connections of one room on this node, sharded by event loop: each shard is touched only by its own
 * loop, so fan-out needs no locks, and one delivery costs one task per loop rather than one per connection.
 * Presence (users with at least one connection here) is counted across shards.
 */
public final class LiveRoom {
    private final UUID id;
    private final RoomType roomType;
    private final ServerMetrics metrics;
    private final Map<EventExecutor, List<Member>> shards = new ConcurrentHashMap<>();
    private final Map<String, Presence> presence = new ConcurrentHashMap<>();
    private final RecentMessages recent;
    private final TypingTracker typing;
    private final PresenceAnnouncer announcer;
    /** Writes the shared online list once ({@link #onlineFor}). */
    private final JsonCodec onlineCodec;
    /** Users present in this room on other nodes of a cluster (empty on a single node); replaced whole. */
    private volatile Map<String, User> elsewhere = Map.of();
    /** Bumped by every presence summary (and change elsewhere): the shared online list of an older epoch is stale. */
    private final AtomicLong presenceEpoch = new AtomicLong();
    /** room_state's online list above the presence list limit, shared until the next summary; null when none. */
    private volatile SharedOnline sharedOnline;
    /** Completes once what room_state needs beyond storage (the cluster's presence) is known. */
    private volatile CompletableFuture<Void> ready = CompletableFuture.completedFuture(null);

    LiveRoom(UUID id, RoomType roomType, ServerMetrics metrics, int recentCapacity, TypingTracker typing,
             PresenceSettings presence) {
        this.id = id;
        this.roomType = roomType;
        this.metrics = metrics;
        this.recent = new RecentMessages(recentCapacity);
        this.typing = typing;
        this.onlineCodec = presence.encoder().codec();
        this.announcer = new PresenceAnnouncer(this, presence.listLimit(), presence.tick(),
                event -> deliver(Delivery.of(presence.encoder().encode(event)).presence()));
    }

    /** How the room tells its members who comes and goes (per person while small, per tick when large). */
    public PresenceAnnouncer announcer() {
        return announcer;
    }

    /** A loop that holds members of this room (to run the room's timers on), or null when nobody is connected. */
    public EventExecutor anyLoop() {
        for (EventExecutor loop : shards.keySet()) {
            return loop;
        }
        return null;
    }

    public TypingTracker typing() {
        return typing;
    }

    public UUID id() {
        return id;
    }

    public RoomType roomType() {
        return roomType;
    }

    /** The newest stored messages of the room, kept in seq order as they are committed. */
    public RecentMessages recent() {
        return recent;
    }

    /**
     * The room's window, primed from {@code newest} if it was not (once, however many sessions ask at the same
     * moment; see {@link RecentMessages#primedFrom}); each storage read counts in
     * {@code community.rooms.window.loads}.
     */
    public CompletableFuture<Void> primedWindow(IntFunction<CompletableFuture<List<Message>>> newest) {
        return recent.primedFrom(limit -> {
            metrics.windowLoaded();
            return newest.apply(limit);
        });
    }

    /** Adds a member; must run on the member's event loop. */
    public void add(Member member) {
        EventExecutor loop = member.channel().eventLoop();
        assert loop.inEventLoop();
        shards.computeIfAbsent(loop, l -> new ArrayList<>()).add(member);
    }

    /** Removes a member; must run on the member's event loop. */
    public void remove(Member member) {
        List<Member> shard = shards.get(member.channel().eventLoop());
        if (shard != null) {
            shard.remove(member);
        }
    }

    /**
     * Counts a connection of {@code user} into presence.
     *
     * @return true when it is the user's first connection to this room on this node
     */
    public boolean enterPresence(User user) {
        Presence entry = presence.compute(user.id(), (id, p) -> p == null ? new Presence(user, 1) : p.plus(1));
        boolean first = entry.connections == 1;
        if (first) {
            metrics.presenceChanged(1);
        }
        return first;
    }

    /** @return true when it was the user's last connection to this room on this node */
    public boolean leavePresence(String userId) {
        Presence entry = presence.computeIfPresent(userId, (id, p) -> p.connections <= 1 ? null : p.plus(-1));
        boolean last = entry == null;
        if (last) {
            metrics.presenceChanged(-1);
        }
        return last;
    }

    public boolean isPresent(String userId) {
        return presence.containsKey(userId);
    }

    /** Whether the user has a connection to this room here or, in a cluster, on another node. */
    public boolean isOnline(String userId) {
        return presence.containsKey(userId) || elsewhere.containsKey(userId);
    }

    /** Users present here or, in a cluster, on another node; each once. */
    public List<User> onlineUsers() {
        return onlineUsers(Integer.MAX_VALUE);
    }

    /** At most {@code limit} of the users present here or elsewhere, each once (room_state's bounded list). */
    public List<User> onlineUsers(int limit) {
        Map<String, User> others = elsewhere;
        List<User> users = new ArrayList<>(Math.min(limit, presence.size() + others.size()));
        for (Presence p : presence.values()) {
            if (users.size() >= limit) {
                return users;
            }
            users.add(p.user);
        }
        for (User user : others.values()) {
            if (users.size() >= limit) {
                return users;
            }
            if (!presence.containsKey(user.id())) {
                users.add(user);
            }
        }
        return users;
    }

    /**
     * room_state's online list for {@code me}: everyone online (me among them) up to {@code limit}; above it, a
     * shared list of {@code limit} of them, encoded once ({@link EncodedList}) and kept until the next presence
     * summary goes out, with me in front (and its last left out) when I am not among them. A connect between two
     * summaries then costs one user's encoding, not hundreds; the summary that follows tells the new member of every change since
     * the list was taken, since every summary drops the list first ({@link #presenceTold}).
     */
    public List<User> onlineFor(User me, int limit) {
        if (onlineEstimate() <= limit) {
            return onlineUsers(limit);
        }
        SharedOnline held = sharedOnline;
        long epoch = presenceEpoch.get();
        if (held == null || held.epoch != epoch || held.limit != limit) {
            List<User> others = onlineUsers(limit);
            held = new SharedOnline(epoch, limit, EncodedList.of(others, onlineCodec),
                    others.stream().map(User::id).collect(Collectors.toUnmodifiableSet()));
            // a list taken before a summary went out is never kept (readers compare the epoch too)
            if (presenceEpoch.get() == epoch) {
                sharedOnline = held;
            }
        }
        return held.ids.contains(me.id()) ? held.list : held.list.withFirst(me, limit, onlineCodec);
    }

    /**
     * A presence summary is about to go out, or who is online elsewhere changed: a shared online list taken before
     * may name someone the summary tells of leaving, so it is not handed out again.
     */
    void presenceTold() {
        presenceEpoch.incrementAndGet();
        sharedOnline = null;
    }

    /** How many users are present here or elsewhere, each once. */
    public long onlineCount() {
        Map<String, User> others = elsewhere;
        long count = presence.size();
        for (String userId : others.keySet()) {
            if (!presence.containsKey(userId)) {
                count++;
            }
        }
        return count;
    }

    /** {@link #onlineCount} without the de-duplication (a user on two nodes counts twice): O(1), for thresholds. */
    public int onlineEstimate() {
        return presence.size() + elsewhere.size();
    }

    /** Users with a connection to this room on this node. */
    public List<User> localUsers() {
        List<User> users = new ArrayList<>(presence.size());
        for (Presence p : presence.values()) {
            users.add(p.user);
        }
        return users;
    }

    /** The cluster's view of who is present in this room on other nodes (an immutable map by user id). */
    public void presentElsewhere(Map<String, User> users) {
        this.elsewhere = Map.copyOf(users);
        presenceTold();
    }

    /**
     * Completes when a new session may build its room_state: at once on a single node; in a cluster, once the
     * room's presence on the other nodes has been loaded (or could not be).
     */
    public CompletableFuture<Void> ready() {
        return ready;
    }

    /** Set by the cluster when the room goes live, before any session of it asks {@link #ready()}. */
    public void readyWhen(CompletableFuture<Void> loaded) {
        this.ready = loaded;
    }

    /** Connections of this room on this node (a snapshot for operators and tests). */
    public int connectionCount() {
        int count = 0;
        for (List<Member> shard : shards.values()) {
            count += shard.size();
        }
        return count;
    }

    /**
     * Fans {@code delivery} out to every member: one task per event loop, each writing retained duplicates of
     * the same bytes. Takes ownership of the caller's reference. Tasks for one loop run in submission order,
     * so events published in order by one thread reach every member in that order.
     */
    public void deliver(Delivery delivery) {
        try {
            for (Map.Entry<EventExecutor, List<Member>> entry : shards.entrySet()) {
                EventExecutor loop = entry.getKey();
                List<Member> shard = entry.getValue();
                delivery.retain();
                try {
                    loop.execute(() -> deliverOnLoop(shard, delivery));
                } catch (RejectedExecutionException shuttingDown) {
                    delivery.release();
                }
            }
        } finally {
            delivery.release();
        }
    }

    /**
     * Runs {@code action} on the loop of every member, for per-member work such as read markers or a settings
     * change; the future completes once every loop has run it (at once for loops that are shutting down).
     */
    public CompletableFuture<Void> forEachMember(Consumer<Member> action) {
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (Map.Entry<EventExecutor, List<Member>> entry : shards.entrySet()) {
            List<Member> shard = entry.getValue();
            CompletableFuture<Void> ran = new CompletableFuture<>();
            done.add(ran);
            try {
                entry.getKey().execute(() -> {
                    try {
                        for (Member member : List.copyOf(shard)) {
                            action.accept(member);
                        }
                    } finally {
                        ran.complete(null);
                    }
                });
            } catch (RejectedExecutionException shuttingDown) {
                // the node is stopping; its connections are being closed anyway
                ran.complete(null);
            }
        }
        return CompletableFuture.allOf(done.toArray(CompletableFuture[]::new));
    }

    private void deliverOnLoop(List<Member> shard, Delivery delivery) {
        try {
            int written = 0;
            // A member may leave (close) while we write: iterate over a stable copy.
            for (Member member : shard.toArray(new Member[0])) {
                Channel channel = member.channel();
                if (member.deliver(delivery)) {
                    channel.flush();
                    written++;
                }
            }
            metrics.fanout(written);
            if (delivery.seq() > 0) {
                metrics.delivered(System.nanoTime() - delivery.createdNanos());
            }
        } finally {
            delivery.release();
        }
    }

    private record Presence(User user, int connections) {
        Presence plus(int delta) {
            return new Presence(user, connections + delta);
        }
    }

    private record SharedOnline(long epoch, int limit, EncodedList<User> list, Set<String> ids) {
    }
}
