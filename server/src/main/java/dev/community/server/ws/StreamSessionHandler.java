package dev.community.server.ws;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.MemberRoom;
import dev.community.protocol.ServerEvent;
import dev.community.server.OnLoop;
import dev.community.server.StorageReads;
import dev.community.server.WireViews;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomTags;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import dev.community.storage.StorageUnavailableException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user stream (PROTOCOL.md "User stream"): one socket for all of a user's rooms. It opens with {@code ready}
 * (every room and DM of the user with their counts), then tells user-level events of all of them without a
 * subscription: activity and mentions ({@link RoomWatch}), membership changes, room settings, read markers moved
 * elsewhere (through {@link SessionControl}, so on every node of a cluster). {@code subscribe} admits the
 * connection to one room exactly as a room socket's upgrade is admitted (the gatekeeper's own admission) and runs
 * a {@link RoomSubscription}, the room socket's own code, whose frames carry {@code room_id}. The socket's rules
 * (budget, bad frames, refresh, expiry) are {@link SocketHandler}'s. Runs on the channel's event loop.
 */
final class StreamSessionHandler extends SocketHandler implements UserStream {
    private static final Logger log = LoggerFactory.getLogger(StreamSessionHandler.class);
    /** At most one room_activity per room and second. */
    static final long ACTIVITY_THROTTLE_MILLIS = 1000;

    private final StreamContext context;
    private final RoomSubscriptions roomSubscriptions;
    private final RoomEntrance entrance;
    private final StorageReads reads;
    private final RoomReplies replies;
    private final UpgradeAdmission.RoomAdmitter admitter;
    private final int maxSubscriptions;
    private final Set<String> blocked = new HashSet<>();
    private final Map<UUID, RoomWatch> watches = new LinkedHashMap<>();
    private final Map<UUID, RoomSubscription> subscriptions = new HashMap<>();
    /** Subscriptions being admitted (they count against the cap; a second subscribe to one is refused). */
    private final Set<UUID> admitting = new HashSet<>();
    private final long openedNanos = System.nanoTime();
    private Channel channel;
    private boolean open;
    /** Negotiated permessage-deflate: forwarded room frames are the deliveries' shared compressed ones. */
    private boolean deflate;
    private boolean readySent;
    /** What the stream had to say before ready was written (written right after it, in order). */
    private final java.util.ArrayDeque<ByteBuf> held = new java.util.ArrayDeque<>();

    /**
     * @param entrance         how the stream's watches enter and leave the user's live rooms
     * @param reads            reading a room that became the user's
     * @param replies          the shape of ready's and room_added's rooms
     * @param maxSubscriptions {@code ws.max_subscriptions}: rooms one stream may subscribe to at once
     */
    StreamSessionHandler(FrameReading reading, FrameWriting writing, TokenLifetime token,
                         RoomSubscriptions subscriptions, RoomEntrance entrance, StorageReads reads,
                         RoomReplies replies, int maxSubscriptions, StreamContext context,
                         UpgradeAdmission.RoomAdmitter admitter) {
        super(reading, writing, token, log);
        this.roomSubscriptions = subscriptions;
        this.entrance = entrance;
        this.reads = reads;
        this.replies = replies;
        this.context = context;
        this.admitter = admitter;
        this.maxSubscriptions = maxSubscriptions;
    }

    @Override
    void start(ChannelHandlerContext ctx) {
        channel = ctx.channel();
        open = true;
        deflate = dev.community.server.deflate.PerMessageDeflate.negotiated(channel);
        writing.metrics().streamsChanged(1);
        expireAt(ctx, context.principal().expiresAt());
        blocked.addAll(context.blocked());
        List<StreamAdmission.Change> meanwhile = entrance.connections().registerStream(this, context.admission());
        List<java.util.concurrent.CompletableFuture<Void>> presenceKnown = new ArrayList<>();
        for (StreamContext.MyRoom mine : context.rooms()) {
            RoomWatch watch = watch(mine);
            if (watch.isDirect()) {
                presenceKnown.add(watch.live().ready());
            }
        }
        // what changed while the rooms were being read (a ban, a new room) applies before any later change
        for (StreamAdmission.Change change : meanwhile) {
            membershipChanged(change.roomId(), change.updated());
        }
        // In a cluster a DM's presence on the other nodes is known once its live room is ready: ready lists it.
        // Until ready is written, whatever else the stream has to say waits behind it (held).
        OnLoop.then(java.util.concurrent.CompletableFuture.allOf(presenceKnown.toArray(java.util.concurrent.CompletableFuture[]::new)),
                ctx.executor(), (ignored, failure) -> {
                    if (!open) {
                        return;
                    }
                    List<MemberRoom> rooms = new ArrayList<>(watches.size());
                    watches.values().forEach(watch -> rooms.add(summary(watch)));
                    readySent = true;
                    send(ctx, new ServerEvent.Ready(context.principal().user(), rooms, maxSubscriptions,
                            tokenExpiresAt()));
                    ByteBuf waiting;
                    while ((waiting = held.poll()) != null) {
                        write(waiting);
                    }
                    ctx.channel().config().setAutoRead(true);
                    log.debug("stream open user={} rooms={}", userId(), rooms.size());
                });
    }

    /**
     * Watches one of my rooms: its messages count for my activity, and I am online in it (a person is online in
     * each of their rooms while any connection of theirs is open: PROTOCOL.md §2.8).
     */
    private RoomWatch watch(StreamContext.MyRoom mine) {
        RoomRecord room = mine.room();
        LiveRoom live = entrance.rooms().acquire(room.id(), room.roomType(), room.lastSeq());
        RoomWatch watch = new RoomWatch(this, live, room, mine.membership(), mine.marker());
        watches.put(room.id(), watch);
        live.add(watch);
        if (live.enterPresence(context.principal().user())) {
            entrance.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserJoined(context.principal().user()),
                    userId()));
        }
        return watch;
    }

    private void unwatch(RoomWatch watch) {
        watches.remove(watch.roomId());
        watch.stop();
        LiveRoom live = watch.live();
        live.remove(watch);
        if (live.leavePresence(userId())) {
            live.typing().stopped(context.principal().user());
            entrance.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserLeft(context.principal().user()),
                    userId()));
        }
        entrance.rooms().release(watch.roomId());
    }

    private MemberRoom summary(RoomWatch watch) {
        var room = WireViews.room(watch.room(), watch.membership(), watch.marker(), replies.clock().instant());
        if (!watch.isDirect()) {
            return new MemberRoom(room, watch.lastSeq());
        }
        // a DM's participants online, others than me (as room_state, a presence list never surprises me with myself)
        var online = new ArrayList<dev.community.protocol.User>();
        for (var user : watch.live().onlineUsers(replies.presenceListLimit())) {
            if (!user.id().equals(userId()) && !blocked.contains(user.id())) {
                online.add(user);
            }
        }
        return new MemberRoom(room, watch.lastSeq(), online);
    }

    /** Whether ready is out (a DM's presence events are forwarded from then on). */
    boolean readySent() {
        return readySent;
    }

    /** Writes a DM's presence event as the room's members get it (named by room_id); on the loop. */
    boolean forwardPresence(RoomWatch watch, dev.community.server.room.Delivery delivery) {
        if (!readySent || (delivery.actorId() != null && blocked.contains(delivery.actorId()))) {
            return false;
        }
        ByteBuf bytes = delivery.bytesFor(userId(), false, deflate, watch.roomId());
        if (bytes == null || !channel.isActive()) {
            return false;
        }
        channel.write(bytes.retainedDuplicate(), channel.voidPromise());
        writing.metrics().framesOut(1, bytes.readableBytes());
        return true;
    }

    @Override
    public Channel channel() {
        return channel;
    }

    @Override
    public String userId() {
        return context.principal().userId();
    }

    @Override
    void onText(ChannelHandlerContext ctx, ByteBuf content) {
        if (!open) {
            return;
        }
        JsonCodec.StreamFrame decoded;
        try {
            decoded = reading.codec().decodeStreamFrame(ByteBufUtil.getBytes(content));
        } catch (ProtocolException e) {
            badFrame(ctx, e);
            return;
        }
        if (decoded.refused() != null) {
            // a bad frame about a room: the answer names it
            badFrame(ctx, decoded.refused(), decoded.roomId());
            return;
        }
        ClientFrame frame = decoded.frame();
        UUID roomId = frame instanceof ClientFrame.Subscribe s ? s.roomId()
                : frame instanceof ClientFrame.Unsubscribe u ? u.roomId() : decoded.roomId();
        boolean roomFrame = frame instanceof ClientFrame.SendMessage || frame instanceof ClientFrame.Typing
                || frame instanceof ClientFrame.RequestHistory || frame instanceof ClientFrame.MarkRead;
        String clientId = frame instanceof ClientFrame.SendMessage m ? m.clientId() : null;
        if (roomFrame && roomId == null) {
            badFrame(ctx, new ProtocolException(ErrorCode.INVALID_PAYLOAD,
                    "room_id: is required on the user stream", clientId));
            return;
        }
        // Messages have their own per-user rate and slow mode (MessageService); everything else is a request.
        if (!(frame instanceof ClientFrame.SendMessage) && !takeRequest(ctx, frame)) {
            return;
        }
        if (frame instanceof ClientFrame.Ping) {
            send(ctx, new ServerEvent.Pong());
        } else if (frame instanceof ClientFrame.Refresh refresh) {
            onRefresh(ctx, refresh);
        } else if (frame instanceof ClientFrame.Subscribe subscribe) {
            subscribe(ctx, subscribe);
        } else if (frame instanceof ClientFrame.Unsubscribe) {
            unsubscribe(ctx, roomId);
        } else {
            RoomSubscription subscription = subscriptions.get(roomId);
            if (subscription == null) {
                sendAbout(ctx, roomId, new ServerEvent.ErrorEvent(ErrorCode.NOT_FOUND.wire(),
                        "not subscribed to this room; subscribe first", clientId, null));
                return;
            }
            subscription.onFrame(ctx, frame);
        }
    }

    /**
     * Admits the connection to the room as a room socket's upgrade would be (the gatekeeper's admission: the room,
     * access, joining by entering), then starts the subscription, which writes the room's room_state.
     */
    private void subscribe(ChannelHandlerContext ctx, ClientFrame.Subscribe subscribe) {
        UUID roomId = subscribe.roomId();
        if (subscriptions.containsKey(roomId) || admitting.contains(roomId)) {
            sendAbout(ctx, roomId, ServerEvent.ErrorEvent.of(ErrorCode.INVALID_PAYLOAD,
                    "already subscribed to this room; unsubscribe first"));
            return;
        }
        if (subscriptions.size() + admitting.size() >= maxSubscriptions) {
            writing.metrics().rejected(ErrorCode.TOO_MANY_SUBSCRIPTIONS.wire());
            sendAbout(ctx, roomId, ServerEvent.ErrorEvent.of(ErrorCode.TOO_MANY_SUBSCRIPTIONS,
                    "at most " + maxSubscriptions + " subscriptions on one stream; unsubscribe from one first"));
            return;
        }
        admitting.add(roomId);
        // Registered before the membership is read: a change that lands from here on reaches the subscription.
        Admission admission = entrance.connections().admitting(userId(), roomId);
        OnLoop.then(admitter.admit(context.principal(), roomId, null, subscribe.sinceSeq(), admission),
                ctx.executor(), (verdict, failure) -> {
            admitting.remove(roomId);
            boolean started = false;
            try {
                if (!open) {
                    return;
                }
                if (failure != null) {
                    if (!(failure instanceof StorageUnavailableException)) {
                        log.warn("subscribe check failed", failure);
                    }
                    writing.metrics().rejected(ErrorCode.UNAVAILABLE.wire());
                    sendAbout(ctx, roomId, ServerEvent.ErrorEvent.of(ErrorCode.UNAVAILABLE, "storage is unavailable; retry"));
                    return;
                }
                if (verdict.refusal() != null) {
                    writing.metrics().rejected(verdict.refusal().wire());
                    sendAbout(ctx, roomId, ServerEvent.ErrorEvent.of(verdict.refusal(), verdict.message()));
                    return;
                }
                RoomSubscription subscription = roomSubscriptions.open(verdict.context(), subscriptionOutlet,
                        roomId);
                started = subscription.start(ctx, this::evicted);
                if (!started) {
                    sendAbout(ctx, roomId, ServerEvent.ErrorEvent.of(ErrorCode.FORBIDDEN, "you may not access this room"));
                    return;
                }
                subscriptions.put(roomId, subscription);
                writing.metrics().subscriptionsChanged(1);
                if (!watches.containsKey(roomId)) {
                    // subscribing to a public room joined it: it is one of mine from now on
                    var context = verdict.context();
                    RoomWatch watch = watch(new StreamContext.MyRoom(context.room(), context.membership(),
                            context.readMarker()));
                    send(new ServerEvent.RoomAdded(summary(watch)));
                }
            } finally {
                if (!started) {
                    entrance.connections().abandon(admission);
                }
            }
        });
    }

    private void unsubscribe(ChannelHandlerContext ctx, UUID roomId) {
        RoomSubscription subscription = subscriptions.remove(roomId);
        if (subscription == null) {
            sendAbout(ctx, roomId, ServerEvent.ErrorEvent.of(ErrorCode.NOT_FOUND, "not subscribed to this room"));
            return;
        }
        endSubscription(subscription);
        send(ctx, new ServerEvent.Unsubscribed(roomId));
    }

    /** A subscription taken out of the map ends: its session leaves the room. */
    private void endSubscription(RoomSubscription subscription) {
        subscription.leave();
        writing.metrics().subscriptionsChanged(-1);
    }

    /**
     * A subscription's session was banned from or removed from its room: it ends here, without a word; the
     * stream's own {@link #membershipChanged} tells the client (room_removed), once.
     */
    private void evicted(RoomSession session, String reason) {
        UUID roomId = session.room().id();
        RoomSubscription subscription = subscriptions.get(roomId);
        if (subscription != null && subscription.session() == session) {
            subscriptions.remove(roomId);
            endSubscription(subscription);
        }
    }

    @Override
    public void membershipChanged(UUID roomId, Membership updated) {
        if (!open) {
            return;
        }
        Instant now = replies.clock().instant();
        RoomWatch watch = watches.get(roomId);
        boolean ended = updated == null || !updated.isMember() || updated.isBanned(now);
        if (ended) {
            RoomSubscription subscription = subscriptions.remove(roomId);
            if (subscription != null) {
                endSubscription(subscription);
            }
            if (watch != null) {
                unwatch(watch);
                boolean banned = updated != null && updated.isBanned(now);
                send(new ServerEvent.RoomRemoved(roomId, banned ? ServerEvent.RoomRemoved.BANNED
                        : ServerEvent.RoomRemoved.LEFT));
            }
            return;
        }
        if (watch != null) {
            Membership before = watch.membership();
            watch.membership(updated);
            // a join this stream's own subscribe made (told to every stream of mine, this one included) changes
            // nothing it shows: membership_updated tells only a change of role or mute
            if (before == null || before.effectiveRole(now) != updated.effectiveRole(now)
                    || !Objects.equals(mutedUntil(before, now), mutedUntil(updated, now))) {
                send(new ServerEvent.MembershipUpdated(roomId, updated.effectiveRole(now), mutedUntil(updated, now)));
            }
            return;
        }
        // a membership that began elsewhere (added by an admin, joined over REST, a DM created): the room is mine now
        String userId = userId();
        OnLoop.then(reads.blocking().supply(() -> StreamContext.loadRoom(reads.storage(), userId, roomId, updated)),
                channel.eventLoop(), (mine, failure) -> {
                    if (!open || mine == null || watches.containsKey(roomId)) {
                        if (failure != null && !(failure instanceof StorageUnavailableException)) {
                            log.warn("a new room of {} could not be read", userId, failure);
                        }
                        return;
                    }
                    send(new ServerEvent.RoomAdded(summary(watch(mine))));
                });
    }

    /** The end of a temporary mute as membership_updated tells it; null when not muted or muted for good. */
    private static Instant mutedUntil(Membership membership, Instant now) {
        return membership.isMuted(now) ? membership.mutedUntil() : null;
    }

    @Override
    public void roomChanged(RoomRecord updated) {
        RoomWatch watch = watches.get(updated.id());
        if (!open || watch == null) {
            return;
        }
        watch.room(updated);
        send(new ServerEvent.RoomUpdated(WireViews.room(updated, watch.membership(), watch.marker(),
                replies.clock().instant())));
    }

    @Override
    public void blockChanged(String user, boolean blocking) {
        if (blocking) {
            blocked.add(user);
        } else {
            blocked.remove(user);
        }
    }

    @Override
    public void readUpdated(UUID roomId, byte[] event, RoomSession except) {
        if (!open) {
            return;
        }
        RoomWatch watch = watches.get(roomId);
        if (watch != null && reading.codec().decodeServerEvent(event) instanceof ServerEvent.ReadUpdated read) {
            watch.read(read.lastReadSeq(), read.unreadCount());
        }
        if (except != null && except.channel() == channel) {
            // this stream's own mark_read: the sender gets nothing, as on a room socket
            return;
        }
        write(Unpooled.wrappedBuffer(event));
    }

    /** Whether the user blocks {@code userId} (their messages count neither as unread nor as mentions). */
    boolean blocks(String userId) {
        return blocked.contains(userId);
    }

    boolean watching(RoomWatch watch) {
        return open && watches.get(watch.roomId()) == watch;
    }

    long activityThrottleMillis() {
        return ACTIVITY_THROTTLE_MILLIS;
    }

    /** A message in one of my rooms mentions me. */
    void mentioned(RoomWatch watch, Message message) {
        boolean moderator = dev.community.server.permission.Permissions.isModerator(watch.membership(),
                context.principal());
        send(new ServerEvent.Mentioned(watch.roomId(), WireViews.message(
                dev.community.server.room.LocalRoomBus.shownToMembers(message), moderator)));
    }

    /** New messages in one of my rooms: its newest seq and my counts. */
    void activity(RoomWatch watch) {
        var marker = watch.marker();
        send(new ServerEvent.RoomActivity(watch.roomId(), watch.lastSeq(), marker.unreadCount(), marker.unreadMentions()));
    }

    private void send(ServerEvent event) {
        write(writing.encoder().encode(event));
    }

    private void write(ByteBuf json) {
        if (!channel.isActive()) {
            json.release();
            return;
        }
        if (!readySent) {
            held.add(json);
            return;
        }
        writing.metrics().framesOut(1, json.readableBytes());
        channel.writeAndFlush(new io.netty.handler.codec.http.websocketx.TextWebSocketFrame(json), channel.voidPromise());
    }

    /** An event about one room (an answer to a frame that named it): it names the room. */
    private void sendAbout(ChannelHandlerContext ctx, UUID roomId, ServerEvent event) {
        write(ctx, RoomTags.tag(writing.encoder().encode(event), roomId));
    }

    /** Where subscriptions write: this socket, with its budget and patience. */
    private final RoomSubscription.Outlet subscriptionOutlet = new RoomSubscription.Outlet() {
        @Override
        public void write(ChannelHandlerContext ctx, ByteBuf json) {
            StreamSessionHandler.this.write(ctx, json);
        }

        @Override
        public void strike(ChannelHandlerContext ctx) {
            StreamSessionHandler.this.strike(ctx);
        }

        @Override
        public void roomStateWritten(ChannelHandlerContext ctx) {
            // the stream reads frames from ready on; nothing to turn on
        }

        @Override
        public void storageFailed(ChannelHandlerContext ctx, boolean beforeRoomState) {
            // the stream's reading is not tied to one room's room_state
        }

        @Override
        public Instant tokenExpiresAt() {
            return StreamSessionHandler.this.tokenExpiresAt();
        }
    };

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        leave();
        super.channelInactive(ctx);
    }

    private void leave() {
        if (!open) {
            if (channel == null && context.admission() != null) {
                // The handshake never completed: the admission ends here.
                entrance.connections().abandon(context.admission());
            }
            return;
        }
        open = false;
        cancelExpiry();
        ByteBuf waiting;
        while ((waiting = held.poll()) != null) {
            waiting.release();
        }
        for (RoomSubscription subscription : List.copyOf(subscriptions.values())) {
            endSubscription(subscription);
        }
        subscriptions.clear();
        for (RoomWatch watch : List.copyOf(watches.values())) {
            unwatch(watch);
        }
        entrance.connections().unregisterStream(this);
        writing.metrics().streamsChanged(-1);
        writing.metrics().connectionClosed();
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - openedNanos);
        log.info("ws stream user={} duration_ms={} code={} client={}", userId(), millis,
                Closer.codeSent(channel, closeCode), dev.community.server.http.ClientAddress.of(channel).getHostAddress());
    }
}
