package dev.community.server.ws;

import dev.community.protocol.ErrorCode;
import dev.community.server.OnLoop;
import dev.community.server.ServerContext;
import dev.community.server.actions.Refusal;
import dev.community.server.actions.RoomAccess;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.Principal;
import dev.community.server.http.HttpResponses;
import dev.community.server.admission.RoomEntry;
import dev.community.storage.MembershipRepository.ReadMarker;
import dev.community.storage.RoomRecord;
import dev.community.storage.StorageUnavailableException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the contract's pre-upgrade checks (PROTOCOL.md §2) in their order — origin, connection token, room
 * exists, access, connection cap — and answers a failure with plain HTTP and a JSON error body, never
 * upgrading. On success it installs the WebSocket handlers and passes the request on to the handshake.
 * Requests for other paths pass through untouched.
 */
public final class WebSocketGatekeeper extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketGatekeeper.class);
    public static final String WS_PREFIX = "/ws/community/";
    /** What a client refused for a full admission gate is told to wait: a second, spread by its own jitter. */
    static final String ADMISSION_RETRY_AFTER_SECONDS = "1";
    private static final Pattern PATH = Pattern.compile("^/ws/community/(room|dm)/([^/]+)/?$");
    private static final Pattern STREAM_PATH = Pattern.compile("^/ws/community/stream/?$");

    private final ServerContext app;
    private final RecentSightings sightings;
    private final AdmissionGate gate;
    private final WebSocketStages stages;
    private final RoomAccess access;

    public WebSocketGatekeeper(ServerContext app, RecentSightings sightings, AdmissionGate gate,
                               WebSocketStages stages) {
        this.app = app;
        this.sightings = sightings;
        this.gate = gate;
        this.stages = stages;
        this.access = app.actions().access();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpRequest request) || !request.uri().startsWith(WS_PREFIX)) {
            ctx.fireChannelRead(msg);
            return;
        }
        boolean handedOn = false;
        try {
            handedOn = check(ctx, request);
        } finally {
            if (!handedOn) {
                request.release();
            }
        }
    }

    /** @return true when the request now belongs to an asynchronous check (it releases or forwards it) */
    private boolean check(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (!HttpMethod.GET.equals(request.method()) || !"websocket".equalsIgnoreCase(request.headers().get(HttpHeaderNames.UPGRADE))) {
            return refuse(ctx, ErrorCode.INVALID_PAYLOAD, HttpResponseStatus.BAD_REQUEST, "a WebSocket upgrade is required");
        }
        String origin = request.headers().get(HttpHeaderNames.ORIGIN);
        if (!OriginPolicy.allows(app.config(), origin, request.headers().get(HttpHeaderNames.HOST))) {
            return refuse(ctx, ErrorCode.ORIGIN_NOT_ALLOWED, HttpResponseStatus.FORBIDDEN, "origin not allowed");
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        if (!gate.tryEnter()) {
            app.metrics().admissionRefused();
            app.metrics().handshake(ErrorCode.UNAVAILABLE.wire());
            FullHttpResponse full = HttpResponses.error(app.codec(), HttpResponseStatus.SERVICE_UNAVAILABLE,
                    ErrorCode.UNAVAILABLE, "too many connections are being admitted; retry after a pause");
            full.headers().set(HttpHeaderNames.RETRY_AFTER, ADMISSION_RETRY_AFTER_SECONDS);
            HttpResponses.send(ctx, false, full);
            return false;
        }
        // The token may live in Redis (a cluster): stop reading until it is redeemed, then run the other checks.
        ctx.channel().config().setAutoRead(false);
        OnLoop.then(app.tokens().redeemAsync(first(query, "connection_token")), ctx.executor(), (principal, failure) -> {
            boolean handedOn = false;
            try {
                if (failure instanceof AuthenticationException) {
                    ctx.channel().config().setAutoRead(true);
                    refuse(ctx, ErrorCode.UNAUTHORIZED, HttpResponseStatus.UNAUTHORIZED, failure.getMessage());
                } else if (failure != null) {
                    ctx.channel().config().setAutoRead(true);
                    if (!(failure instanceof StorageUnavailableException)) {
                        log.warn("connection token check failed", failure);
                    }
                    refuse(ctx, ErrorCode.UNAVAILABLE, HttpResponseStatus.SERVICE_UNAVAILABLE, "connection tokens are unavailable");
                } else {
                    handedOn = checkAdmission(ctx, request, query, principal);
                }
            } finally {
                if (!handedOn) {
                    request.release();
                    gate.leave();
                }
            }
        });
        return true;
    }

    /** The checks after the token; @return true when the request now belongs to the asynchronous admission. */
    private boolean checkAdmission(ChannelHandlerContext ctx, FullHttpRequest request, QueryStringDecoder query,
                                   Principal principal) {
        if (STREAM_PATH.matcher(query.path()).matches()) {
            return checkStreamAdmission(ctx, request, principal);
        }
        Matcher path = PATH.matcher(query.path());
        UUID roomId = path.matches() ? parseUuid(path.group(2)) : null;
        if (roomId == null) {
            return refuse(ctx, ErrorCode.NOT_FOUND, HttpResponseStatus.NOT_FOUND, "no such room");
        }
        boolean dm = "dm".equals(path.group(1));
        Long sinceSeq;
        try {
            String since = first(query, "since_seq");
            sinceSeq = since == null ? null : Long.parseLong(since);
            if (sinceSeq != null && sinceSeq < 0) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            return refuse(ctx, ErrorCode.INVALID_PAYLOAD, HttpResponseStatus.BAD_REQUEST, "since_seq must be an integer >= 0");
        }
        // Registered before the membership is read: a change that lands from here on reaches the new session.
        Admission admission = app.connections().admitting(principal.userId(), roomId);
        // What admission reads is held in memory for a live room; reading stays off until the verdict is in.
        OnLoop.then(admit(principal, roomId, dm, sinceSeq, admission), ctx.executor(), (verdict, failure) -> {
            boolean admitted = false;
            try {
                admitted = conclude(ctx, request, principal, verdict, failure);
            } finally {
                gate.leave();
                if (!admitted) {
                    app.connections().abandon(admission);
                    ctx.channel().config().setAutoRead(true);
                }
                // Admitted: reading stays off until the session has written room_state (RoomSessionHandler), so a
                // frame the client sends right after the upgrade is handled after room_state, never before it.
            }
        });
        return true;
    }

    /**
     * The user stream's admission after the token: the user's rooms for {@code ready}, read on the blocking pool
     * while reading is off; the same connection cap and gate as a room socket.
     */
    private boolean checkStreamAdmission(ChannelHandlerContext ctx, FullHttpRequest request, Principal principal) {
        // Registered before the rooms are read: a membership change that lands from here on reaches the stream.
        StreamAdmission admission = app.connections().admittingStream(principal.userId());
        OnLoop.then(seen(principal).thenCompose(written -> app.blocking().supply(
                () -> new Verdict(null, StreamContext.load(app, principal, admission), null, null))),
                ctx.executor(), (verdict, failure) -> {
            boolean admitted = false;
            try {
                admitted = conclude(ctx, request, principal, verdict, failure);
            } finally {
                gate.leave();
                if (!admitted) {
                    app.connections().abandon(admission);
                    ctx.channel().config().setAutoRead(true);
                }
                // Admitted: reading stays off until the stream has written ready (StreamSessionHandler).
            }
        });
        return true;
    }

    /** Answers the admission's verdict on the loop; @return true when the upgrade went ahead (the session takes over). */
    private boolean conclude(ChannelHandlerContext ctx, FullHttpRequest request, Principal principal, Verdict verdict,
                             Throwable failure) {
        if (!ctx.channel().isActive()) {
            // The client left while we checked: nothing to answer, nothing to install.
            request.release();
            return false;
        }
        if (failure != null) {
            if (!(failure instanceof StorageUnavailableException)) {
                log.warn("upgrade check failed", failure);
            }
            reply(ctx, request, ErrorCode.UNAVAILABLE, HttpResponseStatus.SERVICE_UNAVAILABLE, "storage is unavailable");
        } else if (verdict.refusal != null) {
            reply(ctx, request, verdict.refusal, HttpResponseStatus.valueOf(verdict.refusal.httpStatus()), verdict.message);
        } else if (!app.connections().tryReserve(principal.userId(), app.config().maxConnectionsPerUser())) {
            reply(ctx, request, ErrorCode.TOO_MANY_CONNECTIONS, HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many open connections for this user");
        } else {
            ctx.channel().closeFuture().addListener(f -> app.connections().unreserve(principal.userId()));
            upgrade(ctx, request, verdict.stream != null
                    ? new StreamSessionHandler(app, verdict.stream, this::admit)
                    : new RoomSessionHandler(app, verdict.context));
            return true;
        }
        return false;
    }

    /**
     * The checks that need the room and the membership: from memory ({@code RoomDirectory}, through
     * {@link RoomAccess}) for a live room, so a member's reconnect makes no database round trip; what must be
     * written (new or changed claims, a first join) is written in groups with other connects'. Completes on a
     * blocking thread when it had to read or write, else at once. The user stream's {@code subscribe} is admitted
     * here too ({@code dm} null: a room of either kind).
     */
    CompletableFuture<Verdict> admit(Principal principal, UUID roomId, Boolean dm, Long sinceSeq, Admission admission) {
        return seen(principal).thenCompose(written -> access.room(roomId)).thenCompose(found -> {
            if (found.isEmpty() || (dm != null && dm != found.get().room().roomType().isDirect())) {
                return CompletableFuture.completedFuture(Verdict.refused(ErrorCode.NOT_FOUND,
                        Boolean.TRUE.equals(dm) ? "no such DM thread" : "no such room"));
            }
            RoomEntry entry = found.get();
            // connecting to a room one may open is joining it, as over REST
            return access.enter(principal, entry).thenCompose(entered -> current(entry).thenCompose(room ->
                    marker(entered, room).thenApply(marker -> new Verdict(new SessionContext(principal, room,
                            entered.membership().orElseThrow(), marker, sinceSeq, admission), null, null, null))));
        }).exceptionallyCompose(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            if (cause instanceof Refusal refused) {
                return CompletableFuture.completedFuture(Verdict.refused(refused.code(), refused.getMessage()));
            }
            return CompletableFuture.failedFuture(cause);
        });
    }

    /**
     * The room's row for the session: on one node the row held, brought up to the newest message the node holds for
     * it (the held row's seq lags; every message stored here reaches the room's window); in a cluster the row as
     * stored now, since only storage knows of a message another node stored but never published (the session's
     * room_state and the room's gap filling go by its seq).
     */
    private CompletableFuture<RoomRecord> current(RoomEntry entry) {
        if (app.admission().readsStoredRows()) {
            return app.admission().rooms().storedRow(entry.room().id()).thenApply(row -> row.orElseGet(entry::room));
        }
        var newest = app.rooms().find(entry.room().id()).flatMap(live -> live.recent().newest());
        return CompletableFuture.completedFuture(
                newest.map(m -> entry.room(m.seq(), m.createdAt())).orElseGet(entry::room));
    }

    /**
     * The member's read marker with its unread counts: counted in the room's window of recent messages when it
     * holds everything after the marker, up to the room's seq (the marker and the block list are held in memory),
     * else read from storage.
     */
    private CompletableFuture<ReadMarker> marker(RoomAccess.Loaded entered, RoomRecord room) {
        UUID roomId = entered.room().id();
        String userId = entered.principal().userId();
        long lastRead = entered.membership().orElseThrow().lastReadSeq();
        var live = app.rooms().find(roomId);
        if (live.isEmpty() || live.get().recent().lastSeq() < room.lastSeq()) {
            return readMarkerFromStorage(roomId, userId);
        }
        return app.admission().blocks().of(userId).thenCompose(blocked -> live.get().recent()
                .unread(lastRead, userId, blocked)
                .map(marker -> {
                    app.metrics().readMarker("memory");
                    return CompletableFuture.completedFuture(marker);
                })
                .orElseGet(() -> readMarkerFromStorage(roomId, userId)));
    }

    private CompletableFuture<ReadMarker> readMarkerFromStorage(UUID roomId, String userId) {
        app.metrics().readMarker("storage");
        return app.blocking().supply(() -> app.storage().memberships().readMarker(roomId, userId));
    }

    /**
     * Records the user's latest claims, at most once in a while per user (RecentSightings), grouped with other
     * connects' writes; completes at once when nothing needs writing.
     */
    private CompletableFuture<?> seen(Principal principal) {
        long now = System.nanoTime();
        if (!sightings.needsWrite(principal, now)) {
            return CompletableFuture.completedFuture(null);
        }
        return app.admission().writes().seen(principal).thenRun(() -> sightings.written(principal, now));
    }

    /**
     * The admission is done: the pipeline's initializer puts the WebSocket stages in ({@link WebSocketStages}), the
     * request goes on to the handshake, and this gatekeeper, its work done, leaves the pipeline.
     */
    private void upgrade(ChannelHandlerContext ctx, FullHttpRequest request, SocketHandler session) {
        stages.install(ctx, session);
        ctx.fireChannelRead(request);
        ctx.pipeline().remove(this);
    }

    private boolean refuse(ChannelHandlerContext ctx, ErrorCode code, HttpResponseStatus status, String message) {
        app.metrics().handshake(code.wire());
        HttpResponses.send(ctx, false, HttpResponses.error(app.codec(), status, code, message));
        return false;
    }

    private void reply(ChannelHandlerContext ctx, FullHttpRequest request, ErrorCode code, HttpResponseStatus status,
                       String message) {
        try {
            refuse(ctx, code, status, message);
        } finally {
            request.release();
        }
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static UUID parseUuid(String text) {
        try {
            return text.length() == 36 ? UUID.fromString(text) : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** An admission's outcome: a room session's context, the user stream's, or a refusal. */
    record Verdict(SessionContext context, StreamContext stream, ErrorCode refusal, String message) {
        static Verdict refused(ErrorCode code, String message) {
            return new Verdict(null, null, code, message);
        }
    }

    /** How the user stream admits a {@code subscribe}: the room sockets' own admission ({@link #admit}). */
    @FunctionalInterface
    interface RoomAdmitter {
        CompletableFuture<Verdict> admit(Principal principal, UUID roomId, Boolean dm, Long sinceSeq,
                                         Admission admission);
    }
}
