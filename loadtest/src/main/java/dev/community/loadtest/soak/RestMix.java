package dev.community.loadtest.soak;

import dev.community.loadtest.audit.RoomLedger;
import dev.community.loadtest.client.AccessTokens;
import dev.community.loadtest.client.LoopbackTarget;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.ProtocolException;
import dev.community.protocol.WireFields;
import dev.community.protocol.WirePaths;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The soak's REST traffic beside the sockets, one action per tick in turn: a history read, a message posted (its seq
 * goes into the room's ledger, so the audit holds every member to it like to a socket send), a reaction to the
 * last posted message, a moderation action by a staff user (warn, hide, unhide in turn), and a DM between two REST
 * users. The actions go to the server's nodes in turn (a post on one node reaches the members on the others through
 * the cluster). At most {@link #IN_FLIGHT} requests at once: a slow server gets fewer actions, not a pile-up. Every answer
 * is tallied by action and outcome.
 */
final class RestMix {
    static final int IN_FLIGHT = 4;
    /** REST posters and reactors: several users, so the per-user rate limit is not what the soak measures. */
    static final int USERS = 8;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final String[] ACTIONS = {"read", "write", "react", "moderate", "dm"};
    private static final String[] MODERATION = {"warn", "hide", "unhide"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final JsonCodec codec;
    /** Each node's base URL. */
    private final List<String> bases;
    private final AccessTokens tokens;
    private final List<UUID> rooms;
    private final Map<UUID, RoomLedger> ledgers;
    private final String userPrefix;
    private final String runId;
    private final Map<UUID, String> lastPosted = new ConcurrentHashMap<>();
    private final Map<String, Map<String, LongAdder>> outcomes = new ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong ticks = new AtomicLong();
    private volatile String dmThread;

    RestMix(List<LoopbackTarget> nodes, AccessTokens tokens, JsonCodec codec, List<UUID> rooms,
            Map<UUID, RoomLedger> ledgers, String userPrefix, String runId) {
        this.codec = codec;
        this.bases = nodes.stream().map(node -> (node.tls() ? "https" : "http") + "://" + node.authority()).toList();
        this.tokens = tokens;
        this.rooms = rooms;
        this.ledgers = ledgers;
        this.userPrefix = userPrefix;
        this.runId = runId;
    }

    /** One action, unless {@link #IN_FLIGHT} are still unanswered (then counted as skipped). */
    void tick() {
        long n = ticks.getAndIncrement();
        String action = ACTIONS[(int) (n % ACTIONS.length)];
        if (inFlight.incrementAndGet() > IN_FLIGHT) {
            inFlight.decrementAndGet();
            count(action, "skipped");
            return;
        }
        UUID room = rooms.get((int) ((n / ACTIONS.length) % rooms.size()));
        String user = userPrefix + "rest-" + (n % USERS);
        String base = bases.get((int) (n % bases.size()));
        HttpRequest request = switch (action) {
            case "read" -> get(base, user, WirePaths.roomMessages(room, 20));
            case "write" -> post(base, user, WirePaths.roomMessages(room, null), Map.of(WireFields.CONTENT, "soak rest " + n,
                    WireFields.CLIENT_ID, "soak-" + runId + "-" + n));
            case "react" -> lastPosted.containsKey(room)
                    ? post(base, user, WirePaths.reactions(room, lastPosted.get(room)), Map.of("emoji", "r" + (n % 5)))
                    : null;
            case "moderate" -> moderation(base, room, n);
            default -> dm(base, n);
        };
        if (request == null) {
            inFlight.decrementAndGet();
            count(action, "skipped");
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((answer, failure) -> {
            inFlight.decrementAndGet();
            if (failure != null) {
                count(action, "failed");
                return;
            }
            count(action, Integer.toString(answer.statusCode()));
            if (answer.statusCode() == 201 || answer.statusCode() == 200) {
                remember(action, room, answer.body());
            }
        });
    }

    private HttpRequest moderation(String base, UUID room, long n) {
        String what = MODERATION[(int) ((n / ACTIONS.length) % MODERATION.length)];
        String staff = userPrefix + "rest-staff";
        if (what.equals("warn")) {
            return post(base, staff, tokens.mintStaff(staff), WirePaths.moderation(room),
                    Map.of("action", "warn", "target_user_id", userPrefix + "rest-0", "reason", "soak"));
        }
        String message = lastPosted.get(room);
        return message == null ? null : post(base, staff, tokens.mintStaff(staff), WirePaths.moderation(room),
                Map.of("action", what, "message_id", message, "reason", "soak"));
    }

    private HttpRequest dm(String base, long n) {
        String thread = dmThread;
        String me = userPrefix + "rest-dm-a";
        if (thread == null) {
            // with the first REST writer (tick 1), whom posting made known: a DM needs someone the server has seen
            // (until their first post lands it answers 404, and the next dm tick tries again)
            return post(base, me, WirePaths.DM, Map.of("participant_ids", List.of(userPrefix + "rest-1")));
        }
        return post(base, me, WirePaths.roomMessages(UUID.fromString(thread), null), Map.of(WireFields.CONTENT, "soak dm " + n));
    }

    private void remember(String action, UUID room, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try {
            if (action.equals("write")) {
                Message posted = codec.readValue(bytes, Message.class);
                lastPosted.put(room, posted.id().toString());
                ledgers.get(room).acknowledged(posted.seq());
            } else if (action.equals("dm") && dmThread == null) {
                // The first DM action opens the thread: its answer is the thread, whose id is its room's.
                String thread = codec.readTree(bytes).path("id").asText();
                dmThread = thread.isEmpty() ? null : thread;
            }
        } catch (ProtocolException | IllegalArgumentException e) {
            count(action, "unreadable");
        }
    }

    private HttpRequest get(String base, String user, String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + tokens.mint(user)).GET().build();
    }

    private HttpRequest post(String base, String user, String path, Map<String, Object> body) {
        return post(base, user, tokens.mint(user), path, body);
    }

    private HttpRequest post(String base, String user, String token, String path, Map<String, Object> body) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(TIMEOUT)
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.writeBytes(body))).build();
    }

    private void count(String action, String outcome) {
        outcomes.computeIfAbsent(action, a -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new LongAdder())
                .increment();
    }

    /** action → outcome (HTTP status, "failed", "skipped") → count. */
    Map<String, Map<String, Long>> outcomes() {
        Map<String, Map<String, Long>> copy = new TreeMap<>();
        outcomes.forEach((action, counts) -> {
            Map<String, Long> inner = new TreeMap<>();
            counts.forEach((outcome, count) -> inner.put(outcome, count.sum()));
            copy.put(action, inner);
        });
        return copy;
    }
}
