package dev.community.server.ws;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.server.OnLoop;
import dev.community.server.StorageReads;
import dev.community.server.WireViews;
import dev.community.server.actions.Refusal;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.RecentMessages;
import dev.community.server.room.RoomEvent;
import dev.community.server.room.RoomRegistry;
import dev.community.server.room.RoomTags;
import dev.community.storage.MessageRejectedException;
import dev.community.storage.StorageUnavailableException;
import dev.community.storage.WriteOutcome;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's part in one room, the same on a room socket (its one room) and on the user stream (each
 * subscribed room): it enters the room (the {@link RoomSession} that takes the room's deliveries, presence), writes
 * room_state (fresh or resumed, within the reply budget), answers the room's frames through the room actions
 * (send, typing, history, mark_read) and leaves the room. One implementation for both endpoints, so a room's rules
 * and guarantees (exactly once, in seq order, blocks, hide) are the same on both. On the stream every frame it
 * writes carries the room's id ({@code room_id}). Runs on the connection's event loop.
 */
final class RoomSubscription {
    private static final Logger log = LoggerFactory.getLogger(RoomSubscription.class);
    /** room_state carries at most this many of the newest messages on a fresh connection. */
    static final int ROOM_STATE_MESSAGES = 50;
    /** A since_seq resume carries at most this many missed messages, then has_gap. */
    static final int RESUME_MAX = 500;

    /** Where a subscription's own replies go: the connection that holds it. */
    interface Outlet {
        /** Writes an encoded event; takes ownership of {@code json}. */
        void write(ChannelHandlerContext ctx, ByteBuf json);

        /** A refusal with a wait (rate_limited, slow_mode) was written: it counts against the client's patience. */
        void strike(ChannelHandlerContext ctx);

        /** room_state is out (the room socket reads the client's frames from now on). */
        void roomStateWritten(ChannelHandlerContext ctx);

        /** A storage call failed; {@code beforeRoomState} when room_state has not been written yet. */
        void storageFailed(ChannelHandlerContext ctx, boolean beforeRoomState);

        /** The end of the connection's access token, for room_state. */
        Instant tokenExpiresAt();
    }

    private final RoomEntrance entrance;
    private final StorageReads reads;
    private final RoomFrameActions actions;
    private final FrameWriting writing;
    private final RoomReplies replies;
    private final SessionContext context;
    private final Outlet out;
    /** The room id written into every frame (the user stream), or null (a room socket). */
    private final UUID tag;
    private RoomSession session;
    private boolean roomStateWritten;

    RoomSubscription(RoomEntrance entrance, StorageReads reads, RoomFrameActions actions, FrameWriting writing,
                     RoomReplies replies, SessionContext context, Outlet out, UUID tag) {
        this.entrance = entrance;
        this.reads = reads;
        this.actions = actions;
        this.writing = writing;
        this.replies = replies;
        this.context = context;
        this.out = out;
        this.tag = tag;
    }

    UUID roomId() {
        return context.room().id();
    }

    /** The session once it entered the room, null before and after. */
    RoomSession session() {
        return session;
    }

    /**
     * Enters the room and starts building room_state.
     *
     * @param eviction what a ban or removal does to this subscription (null: the socket closes with 4003)
     * @return false when a change that landed during the admission already ended it (banned or removed)
     */
    boolean start(ChannelHandlerContext ctx, RoomSession.Eviction eviction) {
        LiveRoom live = entrance.rooms().acquire(context.room().id(), context.room().roomType(),
                context.room().lastSeq());
        RoomSession entering = new RoomSession(ctx.channel(), context.principal(), context.room(), context.membership(),
                live, writing.metrics(), tag, eviction);
        Admission.Change meanwhile = entrance.connections().register(entering, context.admission());
        if (!entrance.control().applyAdmissionChange(entering, meanwhile)) {
            // Banned or removed while being admitted: ended before it saw anything of the room.
            entrance.connections().unregister(entering);
            entrance.rooms().release(live.id());
            return false;
        }
        session = entering;
        live.add(session);
        if (live.enterPresence(context.principal().user())) {
            entrance.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserJoined(context.principal().user()),
                    session.userId()));
        }
        loadBlocksThenRoomState(ctx);
        return true;
    }

    private void loadBlocksThenRoomState(ChannelHandlerContext ctx) {
        // In a cluster the room's presence on other nodes must be known before room_state lists who is online.
        // The block list is held in memory (loaded once per user, grouped, kept current by every block change).
        var blocks = entrance.blocks().of(session.userId())
                .thenCombine(session.live().ready(), (blocked, ready) -> blocked);
        onLoop(ctx, blocks, blocked -> {
            session.blocked().addAll(blocked);
            sendRoomState(ctx);
        });
    }

    private void sendRoomState(ChannelHandlerContext ctx) {
        RecentMessages recent = session.live().recent();
        if (!recent.primed()) {
            // A room going live (after a restart: hundreds of sessions at once) reads its window once for all of
            // them; room_state and resumes are then answered from it.
            UUID roomId = context.room().id();
            onLoop(ctx, session.live().primedWindow(limit -> reads.newest(roomId, limit)),
                    primed -> sendRoomState(ctx));
            return;
        }
        // In a cluster the window can lag behind what the pre-upgrade check read (a message still on its way from
        // another node): then storage answers, so room_state holds everything the room had.
        boolean windowCurrent = recent.lastSeq() >= context.room().lastSeq();
        Long since = context.sinceSeq();
        if (since != null) {
            var resume = windowCurrent ? recent.after(since, RESUME_MAX) : Optional.<RecentMessages.Resume>empty();
            if (resume.isPresent()) {
                writeRoomState(ctx, resume.get().messages(), since > 0, false, resume.get().syncSeq());
                return;
            }
            onLoop(ctx, reads.newest(context.room().id(), RESUME_MAX + 1),
                    newest -> {
                        long readUpTo = newest.isEmpty() ? 0 : newest.get(newest.size() - 1).seq();
                        List<Message> missed = newest.stream().filter(m -> m.seq() > since).toList();
                        // a hole below the first message carried: more missed than fit, or purged by retention
                        boolean purged = missed.isEmpty() ? newest.isEmpty() && since < context.room().lastSeq()
                                : missed.get(0).seq() > since + 1;
                        boolean gap = missed.size() > RESUME_MAX || purged;
                        if (missed.size() > RESUME_MAX) {
                            missed = missed.subList(missed.size() - RESUME_MAX, missed.size());
                        }
                        long syncSeq = missed.isEmpty() ? Math.min(since, readUpTo) : readUpTo;
                        writeRoomState(ctx, missed, gap || since > 0, gap, syncSeq);
                    });
            return;
        }
        var page = windowCurrent ? recent.latest(ROOM_STATE_MESSAGES) : Optional.<RecentMessages.Page>empty();
        if (page.isPresent()) {
            List<Message> messages = page.get().messages();
            writeRoomState(ctx, messages, page.get().hasMore(), null, lastSeqOf(messages));
            return;
        }
        onLoop(ctx, reads.newest(context.room().id(), RoomRegistry.RECENT_WINDOW),
                newest -> {
                    int from = Math.max(0, newest.size() - ROOM_STATE_MESSAGES);
                    List<Message> messages = newest.subList(from, newest.size());
                    boolean hasMore = from > 0 || newest.size() == RoomRegistry.RECENT_WINDOW;
                    writeRoomState(ctx, messages, hasMore, null, lastSeqOf(messages));
                });
    }

    /**
     * @param hasGap null on a fresh connection (not written); on a resume, whether messages between since_seq and
     *               the first one carried are missing — also when the reply had to leave its oldest ones out
     */
    private void writeRoomState(ChannelHandlerContext ctx, List<Message> messages, boolean hasMore, Boolean hasGap,
                                long syncSeq) {
        if (!ctx.channel().isActive() || session == null) {
            return;
        }
        withMine(ctx, WireViews.messages(messages, session.isModerator(), session.blocked()),
                visible -> writeRoomStateNow(ctx, visible, hasMore, hasGap, syncSeq));
    }

    private void writeRoomStateNow(ChannelHandlerContext ctx, List<Message> visible, boolean hasMore, Boolean hasGap,
                                   long syncSeq) {
        long lastSeq = Math.max(Math.max(syncSeq, context.room().lastSeq()), session.live().recent().lastSeq());
        var room = WireViews.room(session.room(), session.membership(), context.readMarker(),
                replies.clock().instant());
        var online = session.live().onlineFor(context.principal().user(), replies.presenceListLimit());
        long onlineCount = session.live().onlineCount();
        Instant expires = out.tokenExpiresAt();
        sendWithin(ctx, visible, (carried, cut) -> new ServerEvent.RoomState(room, carried, online, hasMore || cut,
                lastSeq, hasGap == null ? null : hasGap || cut, onlineCount, expires));
        session.completeSync(syncSeq);
        roomStateWritten = true;
        out.roomStateWritten(ctx);
    }

    /**
     * Sends a reply carrying messages (oldest first) within {@link RoomReplies#maxReplyBytes}: when the whole list
     * would not fit, its oldest messages are left out (the reply then says so through has_more / has_gap, and the
     * client pages back with request_history). One encoding in the usual case.
     */
    private void sendWithin(ChannelHandlerContext ctx, List<Message> messages,
                            BiFunction<List<Message>, Boolean, ServerEvent> reply) {
        List<Message> carried = messages;
        ByteBuf bytes = writing.encoder().encode(reply.apply(carried, false));
        while (bytes.readableBytes() > replies.maxReplyBytes() && !carried.isEmpty()) {
            int keep = (int) Math.min(carried.size() - 1L,
                    (long) carried.size() * replies.maxReplyBytes() / bytes.readableBytes());
            bytes.release();
            carried = carried.subList(carried.size() - keep, carried.size());
            bytes = writing.encoder().encode(reply.apply(carried, true));
        }
        write(ctx, bytes);
    }

    /** A frame about this room (send_message, typing, request_history, mark_read); the connection spent its budget. */
    void onFrame(ChannelHandlerContext ctx, ClientFrame frame) {
        if (session == null) {
            return;
        }
        if (frame instanceof ClientFrame.SendMessage message) {
            onSend(ctx, message);
        } else if (frame instanceof ClientFrame.Typing typing) {
            session.live().typing().typing(context.principal().user(), typing.isTyping(), ctx.executor());
        } else if (frame instanceof ClientFrame.RequestHistory history) {
            onHistory(ctx, history);
        } else if (frame instanceof ClientFrame.MarkRead markRead) {
            // Written at most once a second per user and room; my other connections then hear read_updated.
            actions.readMarks().mark(session, markRead.seq(), ctx.executor());
        }
    }

    private void onSend(ChannelHandlerContext ctx, ClientFrame.SendMessage frame) {
        session.live().typing().stopped(context.principal().user());
        CompletableFuture<WriteOutcome> stored = actions.messages().send(context.principal(), session.room(),
                session.membership(), frame);
        OnLoop.then(stored, ctx.executor(), (outcome, cause) -> {
            if (session == null) {
                return;
            }
            if (cause == null) {
                if (outcome.duplicate()) {
                    // The first copy was acknowledged before (perhaps on another connection): answer this sender.
                    send(ctx, new ServerEvent.NewMessage(WireViews.message(outcome.message(), session.isModerator()),
                            frame.clientId()));
                }
                return;
            }
            if (cause instanceof Refusal rejected && rejected.retryAfterMillis() != null) {
                send(ctx, new ServerEvent.ErrorEvent(rejected.code().wire(), rejected.getMessage(), frame.clientId(),
                        rejected.retryAfterMillis()));
                out.strike(ctx);
            } else if (cause instanceof Refusal rejected) {
                send(ctx, new ServerEvent.ErrorEvent(rejected.code().wire(), rejected.getMessage(), frame.clientId(),
                        rejected.retryAfterMillis()));
            } else if (cause instanceof MessageRejectedException) {
                // Validation lets nothing through that the database refuses; if it ever does, resending won't help.
                writing.metrics().rejected(ErrorCode.INVALID_PAYLOAD.wire());
                send(ctx, new ServerEvent.ErrorEvent(ErrorCode.INVALID_PAYLOAD.wire(), "the message cannot be stored",
                        frame.clientId(), null));
            } else {
                if (!(cause instanceof StorageUnavailableException)) {
                    log.warn("send failed in room {}", session.live().id(), cause);
                }
                writing.metrics().rejected(ErrorCode.UNAVAILABLE.wire());
                send(ctx, new ServerEvent.ErrorEvent(ErrorCode.UNAVAILABLE.wire(),
                        "not stored; retry with the same client_id", frame.clientId(), null));
            }
        });
    }

    /**
     * A page of history: from the room's window of recent messages when it holds the whole page (the usual case:
     * clients page back from what they were shown; no database call, no blocking thread), else from storage. In a
     * cluster the window may not yet hold the newest messages still on their way from another node; the session
     * receives those live, after this page.
     */
    private void onHistory(ChannelHandlerContext ctx, ClientFrame.RequestHistory request) {
        long before = request.beforeSeq() == null ? Long.MAX_VALUE : request.beforeSeq();
        int limit = request.limit();
        var fromWindow = session.live().recent().before(before, limit);
        if (fromWindow.isPresent()) {
            writing.metrics().historyServed(true);
            sendHistory(ctx, fromWindow.get().messages(), fromWindow.get().hasMore());
            return;
        }
        writing.metrics().historyServed(false);
        onLoop(ctx, reads.blocking().supply(() -> reads.storage().messages().before(context.room().id(), before,
                        limit + 1)),
                page -> {
                    boolean hasMore = page.size() > limit;
                    sendHistory(ctx, hasMore ? page.subList(1, page.size()) : page, hasMore);
                });
    }

    private void sendHistory(ChannelHandlerContext ctx, List<Message> messages, boolean hasMore) {
        withMine(ctx, WireViews.messages(messages, session.isModerator(), session.blocked()),
                visible -> sendWithin(ctx, visible, (carried, cut) -> new ServerEvent.MessageHistory(carried,
                        hasMore || cut)));
    }

    /**
     * The messages with my own reactions ({@code my_reactions}), handed to {@code then} on this channel's loop: at
     * once when none of them carries a reaction (no storage read: the usual room_state served from the window),
     * else after one read on the blocking executor. Should that read fail, the reply goes out without them
     * (my_reactions absent: the client keeps what it knows) rather than not at all. Live deliveries stay held
     * meanwhile (the session is not in sync yet), and a reaction change that lands in between arrives afterwards
     * as reactions_updated naming its user, which applies to my set either way. Nothing is sent when the
     * subscription ended meanwhile.
     */
    private void withMine(ChannelHandlerContext ctx, List<Message> visible, Consumer<List<Message>> then) {
        if (visible.stream().allMatch(m -> m.reactionCounts().isEmpty())) {
            then.accept(WireViews.withMyReactions(visible, java.util.Map.of()));
            return;
        }
        List<UUID> ids = visible.stream().map(Message::id).toList();
        String me = session.userId();
        OnLoop.then(reads.blocking().supply(() -> reads.storage().reactions().mine(me, ids)), ctx.executor(),
                (mine, cause) -> {
                    if (!ctx.channel().isActive() || session == null) {
                        return;
                    }
                    if (cause != null) {
                        log.debug("my reactions could not be read for room {}: {}", context.room().id(), cause.toString());
                        then.accept(visible);
                        return;
                    }
                    then.accept(WireViews.withMyReactions(visible, mine));
                });
    }

    /** Runs {@code then} on this channel's loop with the result, or answers {@code unavailable} on failure. */
    private <T> void onLoop(ChannelHandlerContext ctx, CompletableFuture<T> future, Consumer<T> then) {
        OnLoop.then(future, ctx.executor(), (value, cause) -> {
            if (!ctx.channel().isActive() || session == null) {
                return;
            }
            if (cause == null) {
                then.accept(value);
                return;
            }
            if (!(cause instanceof StorageUnavailableException)) {
                log.warn("storage call failed for room {}", context.room().id(), cause);
            }
            out.storageFailed(ctx, !roomStateWritten);
            writing.metrics().rejected(ErrorCode.UNAVAILABLE.wire());
            send(ctx, ServerEvent.ErrorEvent.of(ErrorCode.UNAVAILABLE, "storage is unavailable; retry"));
        });
    }

    void send(ChannelHandlerContext ctx, ServerEvent event) {
        write(ctx, writing.encoder().encode(event));
    }

    private void write(ChannelHandlerContext ctx, ByteBuf json) {
        out.write(ctx, tag == null ? json : RoomTags.tag(json, tag));
    }

    /**
     * Leaves the room: the session takes no more deliveries, presence and typing end, the room may go idle.
     *
     * @return the session that left, or null when it never entered (its admission ends here)
     */
    RoomSession leave() {
        if (session == null) {
            if (context.admission() != null) {
                // The session never started: the admission ends here.
                entrance.connections().abandon(context.admission());
            }
            return null;
        }
        RoomSession leaving = session;
        session = null;
        leaving.close();
        LiveRoom live = leaving.live();
        live.remove(leaving);
        entrance.connections().unregister(leaving);
        if (live.leavePresence(leaving.userId())) {
            live.typing().stopped(leaving.principal().user());
            entrance.bus().publish(RoomEvent.toOthers(live.id(), new ServerEvent.UserLeft(leaving.principal().user()),
                    leaving.userId()));
        }
        entrance.rooms().release(live.id());
        return leaving;
    }

    private static long lastSeqOf(List<Message> messages) {
        return messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
    }
}
