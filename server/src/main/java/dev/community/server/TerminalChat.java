package dev.community.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.ClientFrame;
import dev.community.protocol.CloseCodes;
import dev.community.protocol.ConnectionToken;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.RestError;
import dev.community.protocol.Room;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.UuidStrings;
import dev.community.protocol.WireFields;
import dev.community.protocol.WirePaths;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The terminal chat's client, on the JDK's HTTP and WebSocket clients and the protocol module's types: resolves
 * the room, exchanges the access token for a connection token, joins, prints each event as it arrives (one JSON
 * line each) and, once the room_state is in, sends each input line as a {@code send_message} with a fresh
 * client_id. At the end of input it
 * waits until every message sent is answered (its {@code new_message}, or an {@code error} with its client_id),
 * then closes. Every failure is a {@link CommandFailure}: one line saying what happened and what to do.
 */
final class TerminalChat {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** How long the end of input waits for the answers to what was sent. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);
    /** How long a close waits for the server's close frame. */
    static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
    /** A room list longer than this many pages is not searched for a slug. */
    private static final int MAX_ROOM_PAGES = 100;

    private final URI server;
    private final String userId;
    private final String accessToken;
    private final String signedWith;
    private final JsonCodec codec;
    private final PrintWriter out;
    private final HttpClient http;

    /**
     * @param signedWith where a token minted here got its secret ("the secret in ./data/jwt-secret"), for the hint
     *                   when the server refuses it; null for a token the user passed
     */
    TerminalChat(URI server, String userId, String accessToken, String signedWith, JsonCodec codec, PrintWriter out) {
        this.server = server;
        this.userId = userId;
        this.accessToken = accessToken;
        this.signedWith = signedWith;
        this.codec = codec;
        this.out = out;
        this.http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();
    }

    /** A room id as given, or the id of the visible room with that slug. */
    UUID resolveRoom(String idOrSlug) {
        UUID id = UuidStrings.parseOrNull(idOrSlug);
        if (id != null) {
            return id;
        }
        List<String> slugs = new ArrayList<>();
        String cursor = null;
        for (int page = 0; page < MAX_ROOM_PAGES; page++) {
            HttpResponse<byte[]> response = send(request(WirePaths.rooms(cursor, WirePaths.MAX_LIMIT)).GET(),
                    "listing the rooms");
            JsonNode body = codec.readTree(response.body());
            for (JsonNode item : body.path(WireFields.RESULTS)) {
                Room room = codec.treeToValue(item, Room.class);
                if (idOrSlug.equals(room.slug())) {
                    return room.id();
                }
                slugs.add(room.slug());
            }
            cursor = body.path(WireFields.NEXT_CURSOR).textValue();
            if (cursor == null) {
                break;
            }
        }
        throw CommandFailure.of("no room with slug '" + idOrSlug + "' among the rooms " + userId + " can see ("
                + String.join(", ", slugs) + "): pass one of these, or a room id");
    }

    /**
     * Joins {@code roomId} and chats until the input ends (0) or the server closes the connection (0 for a normal
     * close, else a failure naming the close code and reason).
     */
    int run(UUID roomId, BufferedReader input) {
        ConnectionToken token = connectionToken();
        Session session = new Session();
        WebSocket socket = connect(roomId, token, session);
        // A message stored before the room_state snapshot arrives inside it, without its client_id: send after it.
        try {
            CompletableFuture.anyOf(session.joined, session.closed).get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            socket.abort();
            throw CommandFailure.of("room " + roomId + " sent no room_state within " + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.of("interrupted while joining");
        }
        if (session.closed.isDone()) {
            return closedByServer(session.closed.join());
        }
        CompletableFuture<Void> inputEnded = CompletableFuture.runAsync(() -> sendLines(input, socket, session),
                command -> {
                    Thread reader = new Thread(command, "chat-input");
                    // A read of the terminal cannot be interrupted: it must not keep the process alive.
                    reader.setDaemon(true);
                    reader.start();
                });
        CompletableFuture.anyOf(inputEnded, session.closed).join();
        if (session.closed.isDone()) {
            return closedByServer(session.closed.join());
        }
        if (inputEnded.isCompletedExceptionally()) {
            throw CommandFailure.of("cannot send: " + rootCause(inputEnded).getMessage());
        }
        int unanswered = session.awaitAnswers(ANSWER_TIMEOUT);
        if (session.closed.isDone()) {
            return closedByServer(session.closed.join());
        }
        session.closingOurselves = true;
        socket.sendClose(CloseCodes.NORMAL, "bye");
        await(session.closed, CLOSE_TIMEOUT);
        socket.abort();
        if (unanswered > 0) {
            throw CommandFailure.of(unanswered + " of the messages sent got no answer within "
                    + ANSWER_TIMEOUT.toSeconds() + " s: they may not have been stored");
        }
        return 0;
    }

    private ConnectionToken connectionToken() {
        HttpResponse<byte[]> response = send(request(WirePaths.CONNECTION_TOKEN)
                .POST(HttpRequest.BodyPublishers.noBody()), "asking for a connection token");
        return codec.readValue(response.body(), ConnectionToken.class);
    }

    private WebSocket connect(UUID roomId, ConnectionToken token, Session session) {
        URI uri = server.resolve(WirePaths.roomSocket(roomId, token.connectionToken(), null));
        uri = URI.create(uri.toString().replaceFirst("^http", "ws"));
        try {
            return http.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(uri, session)
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                // The upgrade's answer carries no body here: its REST twin says why.
                whyRoomIsRefused(roomId);
                throw CommandFailure.of("the server refused to open room " + roomId + " ("
                        + refused.getResponse().statusCode() + ")");
            }
            throw unreachable(e.getCause());
        } catch (TimeoutException e) {
            throw CommandFailure.of("the server at " + server + " did not open the WebSocket within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.of("interrupted while connecting");
        }
    }

    /** Throws the REST answer's reason when the room may not be opened (unknown, private, banned...). */
    private void whyRoomIsRefused(UUID roomId) {
        send(request(WirePaths.ROOMS + roomId + "/").GET(), "opening room " + roomId);
    }

    private void sendLines(BufferedReader input, WebSocket socket, Session session) {
        try {
            String line;
            while (!session.closed.isDone() && (line = input.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                String clientId = UUID.randomUUID().toString();
                session.sent(clientId);
                byte[] frame = codec.encode(new ClientFrame.SendMessage(line, clientId, null, null,
                        "text", List.of(), List.of()));
                socket.sendText(new String(frame, StandardCharsets.UTF_8), true).join();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private int closedByServer(Closed closed) {
        if (closed.closed() == CloseCodes.NORMAL) {
            return 0;
        }
        throw CommandFailure.of("the server closed the connection: " + closed.closed()
                + (closed.reason().isEmpty() ? "" : " " + closed.reason()));
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(server.resolve(pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + accessToken);
    }

    /** Sends a request and returns its 2xx answer; any other answer or failure is a CommandFailure. */
    private HttpResponse<byte[]> send(HttpRequest.Builder request, String doing) {
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw unreachable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw CommandFailure.of("interrupted while " + doing);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return response;
        }
        RestError.Detail error = errorOf(response.body());
        String reason = error == null ? "" : " (" + error.message() + ")";
        if (status == 401) {
            throw CommandFailure.of("the server refused this token" + reason + (signedWith == null ? ""
                    : "; it was signed with " + signedWith + ": pass the server's --data.dir or --auth.jwt.secret"));
        }
        throw CommandFailure.of(doing + " failed: " + status + (error == null ? "" : " " + error.code()) + reason);
    }

    private RestError.Detail errorOf(byte[] body) {
        try {
            return codec.readValue(body, RestError.class).error();
        } catch (ProtocolException e) {
            return null;
        }
    }

    private CommandFailure unreachable(Throwable failure) {
        if (failure instanceof ConnectException) {
            return CommandFailure.of("cannot reach the server at " + server + ": is it running?"
                    + " (bin/community-server starts it)");
        }
        if (failure instanceof HttpTimeoutException) {
            return CommandFailure.of("the server at " + server + " did not answer within "
                    + REQUEST_TIMEOUT.toSeconds() + " s");
        }
        return CommandFailure.of("cannot talk to the server at " + server + ": " + failure);
    }

    private static Throwable rootCause(CompletableFuture<?> failed) {
        try {
            failed.join();
            return new IllegalStateException("not failed");
        } catch (CompletionException e) {
            Throwable t = e;
            while (t.getCause() != null) {
                t = t.getCause();
            }
            return t;
        }
    }

    private static <T> void await(CompletableFuture<T> future, Duration timeout) {
        try {
            future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // closing anyway
        }
    }

    /** The line printed when the server closes the connection. */
    record Closed(int closed, String reason) {
    }

    /** One connection: prints what arrives, matches answers to what was sent, notices the close. */
    private final class Session implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final Map<String, CompletableFuture<Void>> unanswered = new ConcurrentHashMap<>();
        final CompletableFuture<Closed> closed = new CompletableFuture<>();
        /** Completes with the room_state: the room is joined and what is sent now is answered with its client_id. */
        final CompletableFuture<Void> joined = new CompletableFuture<>();
        volatile boolean closingOurselves;

        void sent(String clientId) {
            unanswered.put(clientId, new CompletableFuture<>());
        }

        /** Waits for the answers to what was sent, or the server's close; returns how many answers are missing. */
        int awaitAnswers(Duration timeout) {
            await(CompletableFuture.anyOf(CompletableFuture.allOf(unanswered.values().toArray(CompletableFuture[]::new)),
                    closed), timeout);
            return (int) unanswered.values().stream().filter(answer -> !answer.isDone()).count();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                out.println(text);
                out.flush();
                answered(text);
            }
            webSocket.request(1);
            return null;
        }

        private void answered(String text) {
            String clientId;
            try {
                ServerEvent event = codec.decodeServerEvent(text.getBytes(StandardCharsets.UTF_8));
                if (event instanceof ServerEvent.RoomState) {
                    joined.complete(null);
                }
                clientId = event instanceof ServerEvent.NewMessage message ? message.clientId()
                        : event instanceof ServerEvent.ErrorEvent error ? error.clientId() : null;
            } catch (ProtocolException newerThanThisClient) {
                return;
            }
            CompletableFuture<Void> answer = clientId == null ? null : unanswered.get(clientId);
            if (answer != null) {
                answer.complete(null);
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            Closed close = new Closed(statusCode, reason);
            if (!closingOurselves) {
                out.println(new String(codec.writeBytes(close), StandardCharsets.UTF_8));
                out.flush();
            }
            closed.complete(close);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(new Closed(CloseCodes.GOING_AWAY, "connection lost: " + error.getMessage()));
        }
    }
}
