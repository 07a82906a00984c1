package dev.community.server.ws;

import dev.community.protocol.ErrorCode;
import dev.community.server.OnLoop;
import dev.community.server.auth.AuthenticationException;
import dev.community.server.auth.ConnectionTokens;
import dev.community.server.auth.Principal;
import dev.community.storage.StorageUnavailableException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the contract's pre-upgrade checks (PROTOCOL.md §2) in their order — origin, connection token, room
 * exists, access, connection cap — and answers a failure with plain HTTP and a JSON error body, never
 * upgrading ({@link UpgradeRefusals}). The checks after the token are {@link UpgradeAdmission}'s. On success the
 * pipeline's WebSocket stages go in ({@link WebSocketStages}) with the session stage ({@link Sessions}), the request
 * goes on to the handshake and the gatekeeper removes itself. Requests for other paths pass through untouched.
 */
public final class WebSocketGatekeeper extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(WebSocketGatekeeper.class);
    public static final String WS_PREFIX = "/ws/community/";
    /** What a client refused for a full admission gate is told to wait: a second, spread by its own jitter. */
    static final String ADMISSION_RETRY_AFTER_SECONDS = "1";
    private static final Pattern PATH = Pattern.compile("^/ws/community/(room|dm)/([^/]+)/?$");
    private static final Pattern STREAM_PATH = Pattern.compile("^/ws/community/stream/?$");

    private final UpgradeRefusals refusals;
    private final ConnectionTokens tokens;
    private final AdmissionGate gate;
    private final UpgradeAdmission upgrades;
    private final Sessions sessions;
    private final WebSocketStages stages;

    /**
     * @param refusals  the origin rule and how a refusal is answered (plain HTTP, a JSON error body, counted)
     * @param gate      the upgrades being admitted at once (shared by the listener's connections)
     * @param upgrades  the checks after the token, and the connection cap
     * @param sessions  the session stage of an admitted upgrade
     * @param stages    the pipeline's WebSocket stages, installed when it admits
     */
    public WebSocketGatekeeper(UpgradeRefusals refusals, ConnectionTokens tokens, AdmissionGate gate,
                               UpgradeAdmission upgrades, Sessions sessions, WebSocketStages stages) {
        this.refusals = refusals;
        this.tokens = tokens;
        this.gate = gate;
        this.upgrades = upgrades;
        this.sessions = sessions;
        this.stages = stages;
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
        if (!refusals.allowsOrigin(origin, request.headers().get(HttpHeaderNames.HOST))) {
            return refuse(ctx, ErrorCode.ORIGIN_NOT_ALLOWED, HttpResponseStatus.FORBIDDEN, "origin not allowed");
        }
        QueryStringDecoder query = new QueryStringDecoder(request.uri());
        if (!gate.tryEnter()) {
            refusals.gateFull(ctx, ADMISSION_RETRY_AFTER_SECONDS);
            return false;
        }
        // The token may live in Redis (a cluster): stop reading until it is redeemed, then run the other checks.
        ctx.channel().config().setAutoRead(false);
        OnLoop.then(tokens.redeemAsync(first(query, "connection_token")), ctx.executor(), (principal, failure) -> {
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
        Admission admission = upgrades.begin(principal, roomId);
        // What admission reads is held in memory for a live room; reading stays off until the verdict is in.
        OnLoop.then(upgrades.admit(principal, roomId, dm, sinceSeq, admission), ctx.executor(), (verdict, failure) -> {
            boolean admitted = false;
            try {
                admitted = conclude(ctx, request, principal, verdict, failure);
            } finally {
                gate.leave();
                if (!admitted) {
                    upgrades.abandon(admission);
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
        StreamAdmission admission = upgrades.beginStream(principal);
        OnLoop.then(upgrades.admitStream(principal, admission), ctx.executor(), (verdict, failure) -> {
            boolean admitted = false;
            try {
                admitted = conclude(ctx, request, principal, verdict, failure);
            } finally {
                gate.leave();
                if (!admitted) {
                    upgrades.abandon(admission);
                    ctx.channel().config().setAutoRead(true);
                }
                // Admitted: reading stays off until the stream has written ready (StreamSessionHandler).
            }
        });
        return true;
    }

    /** Answers the admission's verdict on the loop; @return true when the upgrade went ahead (the session takes over). */
    private boolean conclude(ChannelHandlerContext ctx, FullHttpRequest request, Principal principal,
                             UpgradeAdmission.Verdict verdict,
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
        } else if (verdict.refusal() != null) {
            reply(ctx, request, verdict.refusal(), HttpResponseStatus.valueOf(verdict.refusal().httpStatus()),
                    verdict.message());
        } else if (!upgrades.reserve(principal, ctx.channel())) {
            reply(ctx, request, ErrorCode.TOO_MANY_CONNECTIONS, HttpResponseStatus.TOO_MANY_REQUESTS,
                    "too many open connections for this user");
        } else {
            upgrade(ctx, request, verdict.stream() != null
                    ? sessions.stream(verdict.stream(), upgrades::admit)
                    : sessions.room(verdict.context()));
            return true;
        }
        return false;
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
        refusals.refuse(ctx, code, status, message);
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
}
