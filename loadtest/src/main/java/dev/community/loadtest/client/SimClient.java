package dev.community.loadtest.client;

import dev.community.loadtest.audit.MemberLedger;
import dev.community.loadtest.measure.Measurements;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.WirePaths;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * One simulated user in one room, across all its connections. Everything here runs on the client's event loop
 * (its connections, timers and sends all live there), except the few volatile fields the run reads to see how
 * far it got.
 *
 * <p>It connects (token, upgrade, room_state), starts its {@link MemberLedger} at the first room_state, checks
 * every delivery against it, matches acknowledgements to its outstanding sends by client_id, and — when the run
 * asks for resumes — reconnects with {@code since_seq}, recognises its own messages in the resumed room_state by
 * the client_id stamped in their content, re-sends what was never stored with the same client_id, and fills a
 * resume's gap ({@code has_gap}) with request_history.
 *
 * <p>On the user stream ({@link StreamLink}) a client is one room of its user's stream: the same ledger, sends and
 * acknowledgements, its room_state answering the link's subscribe, its room frames naming the room; the user's
 * first client (the lead) owns the socket. A stream is dropped and resumed as a whole: the lead reconnects, and
 * every room of the user subscribes again with its own {@code since_seq}.
 *
 * <p>With several nodes ({@link ClientSettings#nodes()}) a client connects to its home node, and after each failed
 * reconnect to the next one, as a client library behind a list of nodes would: a node killed mid-run sends its
 * clients to the others.
 */
public final class SimClient {
    /** request_history's largest page. */
    static final int HISTORY_PAGE = 100;

    /** Where a client is in its life. */
    public enum State { NEW, CONNECTING, LIVE, DROPPED, CLOSING, CLOSED, FAILED }

    /** The fractional part of the golden ratio: multiples of it spread evenly over [0, 1). */
    private static final double GOLDEN_RATIO_FRACTION = 0.6180339887498949;
    private final int index;
    private final String userId;
    private final UUID roomId;
    private final SendMode mode;
    private final MemberLedger ledger;
    private final ClientSettings settings;
    private final ClientPool pool;
    private final ConnectGate gate;
    private final SendBudget budget;
    private final Measurements measurements;
    private final EventLoop loop;
    /** The user's stream this client is one room of, or null for a room socket of its own. */
    private final StreamLink link;
    /** The node this client connects to first (an index into the settings' nodes). */
    private final int homeNode;
    /** The node of the current (or last) connection attempt. */
    private int node;

    private volatile State state = State.NEW;
    /** When this client last reached room_state (System.nanoTime()); 0 before it ever did. */
    private volatile long liveSinceNanos;
    private Channel channel;
    private String accessToken;
    private boolean holdsGate;
    private boolean everLive;
    private long connectStartNanos;
    private long resumeFrom = -1;
    private int closeCode = -1;
    private int reconnectFailures;
    private ScheduledFuture<?> connectTimer;
    private ScheduledFuture<?> heartbeat;
    private boolean needsFlush;
    /** True while the current connection is counted among the open ones (it reached room_state). */
    private boolean counted;
    private boolean reconnectScheduled;

    private final Map<String, Long> outstanding = new HashMap<>();
    private Set<String> resent;
    private long sendCounter;
    private long paceStartNanos;
    private long pacedSent;
    private volatile long gapFloor = -1;

    public SimClient(int index, String userId, UUID roomId, SendMode mode, MemberLedger ledger,
                     ClientSettings settings, ClientPool pool, ConnectGate gate, SendBudget budget,
                     Measurements measurements) {
        this(index, userId, roomId, mode, ledger, settings, pool, gate, budget, measurements, null, 0);
    }

    /** A client that is one room of {@code link}, its user's stream (null: a room socket of its own). */
    public SimClient(int index, String userId, UUID roomId, SendMode mode, MemberLedger ledger,
                     ClientSettings settings, ClientPool pool, ConnectGate gate, SendBudget budget,
                     Measurements measurements, StreamLink link) {
        this(index, userId, roomId, mode, ledger, settings, pool, gate, budget, measurements, link, 0);
    }

    /**
     * A client whose first connection goes to node {@code homeNode} of the settings' nodes (for a stream, the
     * lead's home counts).
     */
    public SimClient(int index, String userId, UUID roomId, SendMode mode, MemberLedger ledger,
                     ClientSettings settings, ClientPool pool, ConnectGate gate, SendBudget budget,
                     Measurements measurements, StreamLink link, int homeNode) {
        this.index = index;
        this.userId = userId;
        this.roomId = roomId;
        this.mode = mode;
        this.ledger = ledger;
        this.settings = settings;
        this.pool = pool;
        this.gate = gate;
        this.budget = budget;
        this.measurements = measurements;
        this.link = link;
        this.homeNode = Math.floorMod(homeNode, settings.nodes().size());
        this.node = this.homeNode;
        this.loop = pool.loop(link == null ? index : link.loopIndex());
        if (link != null) {
            link.add(this);
        }
    }

    public int index() {
        return index;
    }

    public String userId() {
        return userId;
    }

    public UUID roomId() {
        return roomId;
    }

    public SendMode mode() {
        return mode;
    }

    public MemberLedger ledger() {
        return ledger;
    }

    public EventLoop loop() {
        return loop;
    }

    public State state() {
        return state;
    }

    /** When this client last reached room_state (System.nanoTime()), 0 before it ever did. */
    public long liveSinceNanos() {
        return liveSinceNanos;
    }

    ClientSettings settings() {
        return settings;
    }

    /** The node the current connection goes (or went) to. */
    LoopbackTarget target() {
        return settings.nodes().get(node);
    }

    /** The user's stream this client is one room of, or null. */
    StreamLink link() {
        return link;
    }

    Channel channel() {
        return channel;
    }

    /** The upgrade's path and query: the user stream, or this client's room socket (resuming from {@code since}). */
    String upgradePath(String connectionToken, long since) {
        return link != null ? WirePaths.streamSocket(connectionToken)
                : WirePaths.roomSocket(roomId, connectionToken, since >= 0 ? since : null);
    }

    /** A room socket, or a stream's lead: it counts the connection, pings, sends the close frame, reconnects. */
    public boolean ownsConnection() {
        return link == null || link.isLead(this);
    }

    /** The since_seq of the next upgrade, -1 for a fresh connection. */
    long resumeFrom() {
        return resumeFrom;
    }

    /** True while a resume's gap is being filled from history. */
    public boolean fillingGap() {
        return gapFloor >= 0;
    }

    /** Unanswered sends; read after the run stopped, or on the client's loop. */
    public int outstandingCount() {
        return outstanding.size();
    }

    String accessToken() {
        if (accessToken == null) {
            accessToken = settings.tokens().mint(userId);
        }
        return accessToken;
    }

    // ---------------------------------------------------------------- connecting

    /** Queues the first connection behind the run's connect gate. */
    public void connect() {
        if (ownsConnection()) {
            // The other rooms of a stream start connecting when its lead does.
            gate.submit(this);
        }
    }

    /** The stream's lead started connecting the socket this client's room will be subscribed on. */
    void streamConnecting(long startNanos) {
        if (everLive) {
            // A resume: this room subscribes again from what it holds.
            resumeFrom = ledger.lastSeq();
        }
        state = State.CONNECTING;
        closeCode = -1;
        connectStartNanos = startNanos;
    }

    void attach(Channel streamChannel) {
        channel = streamChannel;
    }

    boolean retryingAdmission() {
        return retryingAdmission;
    }

    /** Called by the gate on this client's loop once it holds a slot. */
    void connectNow() {
        holdsGate = true;
        state = State.CONNECTING;
        // Home first; each failed reconnect in a row moves on to the next node.
        node = Math.floorMod(homeNode + reconnectFailures, settings.nodes().size());
        closeCode = -1;
        if (admissionRetries == 0) {
            // A retry after a full admission gate is part of the same connect: its time counts from the first try.
            connectStartNanos = System.nanoTime();
        }
        connectTimer = loop.schedule(() -> {
            if (state == State.CONNECTING) {
                fail("connect_timeout");
                if (channel != null) {
                    channel.close();
                }
            }
        }, settings.connectTimeoutMillis(), TimeUnit.MILLISECONDS);
        channel = pool.connect(this).addListener((ChannelFutureListener) f -> {
            if (!f.isSuccess()) {
                fail("connect:" + f.cause().getClass().getSimpleName());
            }
        }).channel();
        if (link != null) {
            link.opening(connectStartNanos, channel);
        }
    }

    /** A connect attempt failed before room_state. */
    void fail(String reason) {
        if (state != State.CONNECTING) {
            return;
        }
        measurements.error(reason);
        state = State.FAILED;
        endAttempt();
        if (settings.reconnect() && everLive && ++reconnectFailures < settings.reconnectPolicy().maxFailures()) {
            state = State.DROPPED;
            scheduleReconnect();
        }
        if (link != null && link.isLead(this)) {
            // The stream's other rooms were waiting on this socket: they failed with it, and retry with it.
            link.leadFailed(state == State.DROPPED);
        }
    }

    /** One room of a stream whose lead's attempt failed (counted once, by the lead): dropped while the lead retries. */
    void failWithLead(boolean retrying) {
        if (state == State.CONNECTING) {
            state = retrying ? State.DROPPED : State.FAILED;
        }
    }

    /** Upgrades refused by a full admission gate in a row after which a client gives up. */
    static final int MAX_ADMISSION_RETRIES = 30;
    private int admissionRetries;
    /** True from a 503 of a full admission gate until the retry starts: the closing socket is not a failure. */
    private boolean retryingAdmission;

    /**
     * The server's admission gate was full (503 with Retry-After): counted, then tried again after the pause it
     * asked for, jittered to between half and one and a half times it, so that refused clients do not return together.
     */
    void admissionFull(long retryAfterMillis) {
        if (state != State.CONNECTING) {
            return;
        }
        measurements.error("upgrade:503:admission_full");
        if (++admissionRetries > MAX_ADMISSION_RETRIES) {
            fail("upgrade:503:admission_full_gave_up");
            return;
        }
        // Still connecting as far as the run is concerned; the socket that closes now is not a failure.
        retryingAdmission = true;
        endAttempt();
        long delay = ReconnectPolicy.jittered(retryAfterMillis, ThreadLocalRandom.current());
        loop.schedule(() -> {
            retryingAdmission = false;
            if (state == State.CONNECTING) {
                gate.submit(this);
            }
        }, delay, TimeUnit.MILLISECONDS);
    }

    private void endAttempt() {
        if (connectTimer != null) {
            connectTimer.cancel(false);
            connectTimer = null;
        }
        if (holdsGate) {
            holdsGate = false;
            gate.release();
        }
    }

    private void scheduleReconnect() {
        if (reconnectScheduled || !ownsConnection()) {
            // A stream's other rooms come back when its lead reconnects the socket they share.
            return;
        }
        reconnectScheduled = true;
        loop.schedule(() -> {
            reconnectScheduled = false;
            if (state == State.DROPPED) {
                resumeFrom = ledger.lastSeq();
                gate.submit(this);
            }
        }, settings.reconnectPolicy().delayMillis(reconnectFailures, ThreadLocalRandom.current()), TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- events

    void onEvent(ServerEvent event) {
        if (event instanceof ServerEvent.RoomState roomState) {
            onRoomState(roomState);
        } else if (event instanceof ServerEvent.NewMessage message) {
            // Only when the scanner could not read it: same handling, from the decoded event.
            Message m = message.message();
            onNewMessage(m.seq(), ContentStamp.nanos(m.content()), message.clientId());
        } else if (event instanceof ServerEvent.MessageHistory history) {
            onHistory(history);
        } else if (event instanceof ServerEvent.ErrorEvent error) {
            onError(error);
        } else if (event instanceof ServerEvent.Pong) {
            measurements.pong();
        } else if (event instanceof ServerEvent.Typing) {
            measurements.typing();
        }
        // Presence, typing and the rest carry nothing the audit or the figures need.
    }

    private void onRoomState(ServerEvent.RoomState roomState) {
        if (state != State.CONNECTING) {
            return;
        }
        long now = System.nanoTime();
        List<Message> messages = roomState.messages();
        boolean resumed = ledger.synced();
        if (!resumed) {
            long start = messages.isEmpty() ? roomState.lastSeq() : messages.get(messages.size() - 1).seq();
            ledger.start(start);
            measurements.connected(now - connectStartNanos);
        } else {
            long since = resumeFrom;
            for (Message m : messages) {
                receive(m, now);
            }
            measurements.reconnected();
            if (Boolean.TRUE.equals(roomState.hasGap()) && !messages.isEmpty()) {
                gapFloor = since;
                requestHistory(messages.get(0).seq());
            }
        }
        state = State.LIVE;
        liveSinceNanos = now;
        everLive = true;
        reconnectFailures = 0;
        if (ownsConnection()) {
            counted = true;
            measurements.openChanged(1);
        }
        endAttempt();
        if (settings.heartbeatMillis() > 0 && heartbeat == null && ownsConnection()) {
            heartbeat = loop.scheduleAtFixedRate(this::ping, settings.heartbeatMillis(), settings.heartbeatMillis(),
                    TimeUnit.MILLISECONDS);
        }
        if (resumed) {
            resendOutstanding();
        }
        paceStartNanos = now + phaseNanos();
        pacedSent = 0;
        if (mode instanceof SendMode.Window) {
            fillWindow();
        }
        flushIfNeeded();
    }

    /** A message carried by a resume's room_state: a delivery, and perhaps the ack of a send in flight at the drop. */
    private void receive(Message m, long now) {
        String stamped = userId.equals(m.author().id()) ? ContentStamp.clientId(m.content()) : null;
        if (stamped != null && resent != null && resent.contains(stamped) && ledger.replay(m.seq())) {
            return;
        }
        ledger.receive(m.seq());
        long sentAt = ContentStamp.nanos(m.content());
        measurements.delivered(sentAt, now);
        if (stamped != null) {
            acknowledge(stamped, m.seq(), now);
        }
    }

    void onNewMessage(long seq, long stampNanos, String clientId) {
        if (state != State.LIVE && state != State.CONNECTING) {
            // A frame still in flight when this client closed or dropped its connection.
            return;
        }
        // While CONNECTING (before room_state) the ledger counts the delivery as a contract violation.
        long now = System.nanoTime();
        if (clientId != null && (resent != null && resent.contains(clientId) || outstanding.containsKey(clientId))
                && ledger.replay(seq)) {
            // A second copy the contract allows: the answer to a resent client_id, or the acknowledgement of a
            // message that already reached its sender without its client_id (a cluster node filled a gap from
            // storage before its own copy arrived; the acknowledgement still follows, PROTOCOL.md §2.6).
            acknowledge(clientId, seq, now);
            return;
        }
        ledger.receive(seq);
        measurements.delivered(stampNanos, now);
        if (clientId != null) {
            acknowledge(clientId, seq, now);
        }
    }

    private void acknowledge(String clientId, long seq, long now) {
        Long sentAt = outstanding.remove(clientId);
        if (sentAt == null) {
            return;
        }
        ledger.room().acknowledged(seq);
        measurements.acked(sentAt, now);
        if (mode instanceof SendMode.Window) {
            fillWindow();
        }
    }

    private void onHistory(ServerEvent.MessageHistory history) {
        long floor = gapFloor;
        if (floor < 0) {
            return;
        }
        long now = System.nanoTime();
        long oldest = Long.MAX_VALUE;
        for (Message m : history.messages()) {
            oldest = Math.min(oldest, m.seq());
            if (m.seq() <= floor) {
                continue;
            }
            ledger.recover(m.seq());
            long sentAt = ContentStamp.nanos(m.content());
            measurements.delivered(sentAt, now);
            String stamped = userId.equals(m.author().id()) ? ContentStamp.clientId(m.content()) : null;
            if (stamped != null) {
                acknowledge(stamped, m.seq(), now);
            }
        }
        if (history.hasMore() && oldest != Long.MAX_VALUE && oldest > floor + 1) {
            requestHistory(oldest);
        } else {
            gapFloor = -1;
        }
    }

    private void onError(ServerEvent.ErrorEvent error) {
        measurements.error("ws_error:" + error.code());
        if (error.clientId() != null && outstanding.remove(error.clientId()) != null
                && mode instanceof SendMode.Window) {
            fillWindow();
        }
    }

    void onCloseFrame(int code) {
        closeCode = code;
    }

    void onInactive() {
        State was = state;
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        countOut();
        if (retryingAdmission) {
            return;
        }
        switch (was) {
            case CONNECTING -> fail(closeCode > 0 ? "close:" + closeCode : "connect:closed");
            case DROPPED -> scheduleReconnect();
            case LIVE -> {
                measurements.error(closeCode > 0 ? "close:" + closeCode : "disconnect");
                if (settings.reconnect()) {
                    state = State.DROPPED;
                    scheduleReconnect();
                } else {
                    state = State.CLOSED;
                }
            }
            case CLOSING -> state = State.CLOSED;
            default -> {
            }
        }
    }

    /** Takes the current connection out of the open count, once. */
    private void countOut() {
        if (counted) {
            counted = false;
            measurements.openChanged(-1);
        }
    }

    void error(String key) {
        measurements.error(key);
    }

    // ---------------------------------------------------------------- sending

    /**
     * The send phase begins: a paced sender's schedule starts now (so time spent connecting is not owed as a
     * burst), a flat-out sender fills its window.
     */
    public void startSending() {
        paceStartNanos = System.nanoTime() + phaseNanos();
        pacedSent = 0;
        if (mode instanceof SendMode.Window) {
            fillWindow();
            flushIfNeeded();
        }
    }

    /**
     * Where this paced sender's schedule starts within one interval: client {@code i} at the fractional part of
     * i × the golden ratio, so that any number of senders of one rate spread evenly over the interval instead of
     * all sending at the same instant (no real clients keep step); zero with {@link ClientSettings#alignedSends}.
     */
    private long phaseNanos() {
        if (!(mode instanceof SendMode.Paced paced) || settings.alignedSends()) {
            return 0;
        }
        double share = (index * GOLDEN_RATIO_FRACTION) % 1.0;
        return (long) (share * 1e9 / paced.perSecond());
    }

    /** Sends what a paced sender owes by {@code now}; called by the loop's ticker. */
    public void tick(long now) {
        if (!(mode instanceof SendMode.Paced paced) || state != State.LIVE || now < paceStartNanos) {
            return;
        }
        double rate = paced.perSecond();
        long due = (long) ((now - paceStartNanos) * rate / 1e9) + 1 - pacedSent;
        for (long i = 0; i < due; i++) {
            if (!budget.take()) {
                return;
            }
            long intended = paceStartNanos + (long) (pacedSent * 1e9 / rate);
            pacedSent++;
            if (outstanding.size() >= settings.maxOutstanding()) {
                measurements.error("harness:send_skipped_backlog");
                continue;
            }
            send(intended);
        }
    }

    private void fillWindow() {
        int window = ((SendMode.Window) mode).inFlight();
        while (state == State.LIVE && outstanding.size() < window && budget.take()) {
            send(System.nanoTime());
        }
    }

    /** Sends {@code count} messages now, whatever the mode (a post-run probe that gives the audit something to check). */
    public void sendNow(int count) {
        for (int i = 0; i < count && state == State.LIVE; i++) {
            send(System.nanoTime());
        }
        flushIfNeeded();
    }

    private void send(long sentAt) {
        String clientId = settings.runId() + "-" + index + "-" + (++sendCounter);
        outstanding.put(clientId, sentAt);
        write(clientId, sentAt);
        measurements.sent(sentAt);
    }

    private void resendOutstanding() {
        if (outstanding.isEmpty()) {
            return;
        }
        if (resent == null) {
            resent = new HashSet<>();
        }
        for (Map.Entry<String, Long> send : new ArrayList<>(outstanding.entrySet())) {
            resent.add(send.getKey());
            write(send.getKey(), send.getValue());
        }
    }

    private void write(String clientId, long sentAt) {
        String content = ContentStamp.content(sentAt, clientId, settings.payloadChars());
        byte[] frame = roomFrame(settings.codec().encode(new ClientFrame.SendMessage(content, clientId, null, null,
                "text", List.of(), List.of())));
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
        needsFlush = true;
    }

    private void requestHistory(long beforeSeq) {
        byte[] frame = roomFrame(settings.codec().encode(new ClientFrame.RequestHistory(beforeSeq, HISTORY_PAGE)));
        channel.write(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
        needsFlush = true;
    }

    /** On the stream a room frame names its room. */
    private byte[] roomFrame(byte[] frame) {
        return link == null ? frame : StreamLink.withRoom(frame, roomId);
    }

    private void ping() {
        if (state != State.LIVE) {
            return;
        }
        byte[] frame = settings.codec().encode(new ClientFrame.Ping());
        channel.writeAndFlush(new TextWebSocketFrame(Unpooled.wrappedBuffer(frame)), channel.voidPromise());
    }

    /** Flushes the writes of this loop iteration in one syscall. */
    public void flushIfNeeded() {
        if (needsFlush && channel != null) {
            needsFlush = false;
            channel.flush();
        }
    }

    // ---------------------------------------------------------------- leaving

    /** Drops the connection without a close frame, as a network failure would; the client resumes after a delay. */
    public void drop() {
        if (link != null) {
            // A stream's socket is shared by the user's rooms: the whole stream drops and resumes.
            link.drop();
            return;
        }
        if (state != State.LIVE) {
            return;
        }
        state = State.DROPPED;
        channel.close();
    }

    /** The stream this client is one room of is dropping: marked so that its closing socket is a drop, not a loss. */
    void streamDropping() {
        if (state == State.LIVE || state == State.CONNECTING) {
            state = State.DROPPED;
        }
    }

    /**
     * Ends the client at the end of a run. A client that is live now is held to every acknowledged message by the
     * audit; one that is not (failed, lost, mid-reconnect) is not.
     */
    public void close() {
        ledger.auditable(state == State.LIVE && gapFloor < 0);
        if (!ownsConnection()) {
            // One room of a stream: the lead closes the socket they share.
            state = State.CLOSED;
            return;
        }
        State was = state;
        state = State.CLOSING;
        if (heartbeat != null) {
            heartbeat.cancel(false);
            heartbeat = null;
        }
        countOut();
        if (was == State.LIVE) {
            channel.writeAndFlush(new CloseWebSocketFrame(CloseCodes.NORMAL, "run finished"))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            state = State.CLOSED;
            if (channel != null) {
                channel.close();
            }
        }
        if (holdsGate) {
            endAttempt();
        }
    }
}
