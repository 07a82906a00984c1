package dev.community.loadtest.abuse;

import dev.community.protocol.ClientFrame;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.ServerEvent;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * An abuser on a room socket: {@link AbuseKind#STOP_READING} (never reads, asks for {@code request_history}),
 * {@link AbuseKind#REQUEST_FLOOD} (reads, floods request frames) or {@link AbuseKind#TYPING_FLOOD} (reads,
 * floods alternating typing). When the server ends its socket it records how, and connects again: an abuser
 * does not give up, and a server must keep holding it.
 */
final class SocketAbuser implements Abuser {
    /**
     * The pace of a client that stopped reading: within the default request budget (10 a second), so what
     * stops it is what its unread answers cost (the outbound budget, 4008), not the request budget.
     */
    static final double STOP_READING_RATE = 8;
    /** How long a broken socket's close frame is waited for before the close counts as unread. */
    static final long CLOSE_GRACE_NANOS = 500_000_000L;

    private final AbuserTally tally;
    private final AbuseTarget target;
    private final String userId;
    private final UUID room;
    private final double rate;
    private final byte[][] frames;

    private Pacer pacer;
    private WebSocket socket;
    private boolean connecting;
    private boolean sending;
    private boolean stopped;
    private long frameIndex;
    /** When a send on the current socket failed; -1 while it works. */
    private long brokenAtNanos = -1;

    SocketAbuser(AbuseKind kind, AbuseTarget target, String userId, UUID room, double rate) {
        this.tally = new AbuserTally(kind);
        this.target = target;
        this.userId = userId;
        this.room = room;
        this.rate = kind == AbuseKind.STOP_READING ? Math.min(rate, STOP_READING_RATE) : rate;
        this.frames = framesOf(kind, target);
    }

    private static byte[][] framesOf(AbuseKind kind, AbuseTarget target) {
        return switch (kind) {
            case STOP_READING -> new byte[][] {target.codec().encode(new ClientFrame.RequestHistory(null, 100))};
            case REQUEST_FLOOD -> new byte[][] {
                    target.codec().encode(new ClientFrame.RequestHistory(null, 100)),
                    target.codec().encode(new ClientFrame.MarkRead(1)),
                    target.codec().encode(new ClientFrame.Ping())};
            case TYPING_FLOOD -> new byte[][] {
                    target.codec().encode(new ClientFrame.Typing(true)),
                    target.codec().encode(new ClientFrame.Typing(false))};
            default -> throw new IllegalArgumentException(kind + " is not a socket abuse");
        };
    }

    @Override
    public AbuserTally tally() {
        return tally;
    }

    @Override
    public synchronized void tick(long nowNanos) {
        if (stopped) {
            return;
        }
        if (pacer == null) {
            pacer = new Pacer(rate, nowNanos);
        }
        if (socket != null && brokenAtNanos >= 0 && nowNanos - brokenAtNanos > CLOSE_GRACE_NANOS) {
            ended(socket, AbuserTally.UNREAD_CLOSE);
        }
        if (socket == null) {
            // Connecting again is paced like everything else, so a refused token is not retried in a busy loop.
            if (!connecting && pacer.due(nowNanos) > 0) {
                pacer.took();
                connect();
            }
            return;
        }
        if (!sending && pacer.due(nowNanos) > 0) {
            sendNext();
        }
    }

    private void connect() {
        connecting = true;
        target.connectionToken(userId).thenCompose(answer -> {
            String token = target.tokenOf(answer);
            if (token == null) {
                if (answer.statusCode() == 429) {
                    tally.throttled();
                }
                return CompletableFuture.<WebSocket>failedFuture(new IllegalStateException("no connection token"));
            }
            return target.http().newWebSocketBuilder().buildAsync(target.roomSocket(room, token), new Listener());
        }).whenComplete((ws, failure) -> opened(ws));
    }

    private synchronized void opened(WebSocket ws) {
        connecting = false;
        if (ws == null) {
            return;
        }
        tally.connected();
        if (stopped) {
            ws.abort();
            return;
        }
        socket = ws;
    }

    /** Sends the next frame, and the one after when it is due, one at a time as the JDK client requires. */
    private synchronized void sendNext() {
        WebSocket ws = socket;
        if (stopped || ws == null) {
            sending = false;
            return;
        }
        if (pacer.due(System.nanoTime()) == 0) {
            sending = false;
            return;
        }
        pacer.took();
        sending = true;
        String frame = new String(frames[(int) (frameIndex++ % frames.length)], StandardCharsets.UTF_8);
        ws.sendText(frame, true).whenComplete((w, failure) -> {
            if (failure != null) {
                broken(ws);
            } else {
                tally.sent();
                sendNext();
            }
        });
    }

    /**
     * A send failed: the server has ended the socket. Its close frame, if it sent one, is still to be read: read
     * everything now (even a client that stopped reading), and count the close by its code when it arrives or as
     * unread after {@link #CLOSE_GRACE_NANOS}.
     */
    private synchronized void broken(WebSocket ws) {
        sending = false;
        if (socket == ws && brokenAtNanos < 0) {
            brokenAtNanos = System.nanoTime();
            ws.request(Long.MAX_VALUE);
        }
    }

    /** The server ended {@code ws}: recorded once per socket, then the abuser connects again. */
    private synchronized void ended(WebSocket ws, int code) {
        sending = false;
        if (socket != ws) {
            return;
        }
        socket = null;
        brokenAtNanos = -1;
        if (!stopped) {
            tally.closedByServer(code);
        }
        ws.abort();
    }

    @Override
    public synchronized void stop() {
        stopped = true;
        if (socket != null) {
            socket.abort();
            socket = null;
        }
    }

    private void onEventText(String json) {
        try {
            ServerEvent event = target.codec().decodeServerEvent(json.getBytes(StandardCharsets.UTF_8));
            if (event instanceof ServerEvent.ErrorEvent error && ErrorCode.RATE_LIMITED.wire().equals(error.code())) {
                tally.throttled();
            }
        } catch (ProtocolException e) {
            // Not an event this abuser cares about.
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            if (tally.kind() != AbuseKind.STOP_READING) {
                ws.request(1);
            }
            // A client that stopped reading asks for nothing: the JDK client then stops reading the socket.
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                onEventText(text);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            ended(ws, statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            ended(ws, AbuserTally.UNREAD_CLOSE);
        }
    }
}
