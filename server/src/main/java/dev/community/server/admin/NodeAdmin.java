package dev.community.server.admin;

import dev.community.admin.AdminException;
import dev.community.admin.AdminOperations;
import dev.community.admin.DeadWebhook;
import dev.community.server.webhooks.Webhooks;
import dev.community.admin.ApiDocument;
import dev.community.admin.NodeStats;
import dev.community.admin.OnlineUser;
import dev.community.admin.RoomConnections;
import dev.community.admin.RoomPresence;
import dev.community.admin.TlsReload;
import dev.community.server.tls.ReloadableTls;
import dev.community.protocol.Message;
import dev.community.protocol.User;
import dev.community.server.Logging;
import dev.community.server.ServerMetrics;
import dev.community.server.http.ApiDocuments;
import dev.community.server.room.LiveRoom;
import dev.community.server.room.RoomRegistry;
import dev.community.server.ws.SessionControl;
import dev.community.storage.Storage;
import dev.community.storage.NewMessage;
import dev.community.storage.StorageUnavailableException;
import dev.community.storage.Uuids;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the admin API does to this node. Runs on the admin server's worker threads. */
public final class NodeAdmin implements AdminOperations {
    /** The author of messages posted by operators. */
    public static final User SYSTEM = new User("system", "system");
    private static final Logger audit = LoggerFactory.getLogger("audit");

    private final RoomRegistry rooms;
    private final SessionControl control;
    private final ServerMetrics metrics;
    private final Storage storage;
    private final Clock clock;
    private final Drain drain;
    /** The public port's certificate; null when the node serves no TLS. */
    private final ReloadableTls tls;
    private final Webhooks webhooks;
    private final long startedNanos = System.nanoTime();

    /**
     * @param rooms    the node's live rooms (stats, presence)
     * @param control  session control, which disconnects a user's sockets
     * @param metrics  the open connections
     * @param storage  the rooms' rows and the writer (its queue; a system message is stored like any other)
     * @param clock    a system message's time
     * @param tls      the public port's certificate; null when the node serves no TLS
     * @param webhooks the node's webhooks; null when it sends none (the admin API's webhook routes are 404)
     */
    public NodeAdmin(RoomRegistry rooms, SessionControl control, ServerMetrics metrics, Storage storage, Clock clock,
                     Drain drain, ReloadableTls tls, Webhooks webhooks) {
        this.rooms = rooms;
        this.control = control;
        this.metrics = metrics;
        this.storage = storage;
        this.clock = clock;
        this.drain = drain;
        this.tls = tls;
        this.webhooks = webhooks;
    }

    @Override
    public List<DeadWebhook> deadWebhooks(int limit) {
        if (webhooks == null) {
            return AdminOperations.super.deadWebhooks(limit);
        }
        return webhooks.dead(limit);
    }

    @Override
    public int replayWebhooks(UUID id) {
        if (webhooks == null) {
            return AdminOperations.super.replayWebhooks(id);
        }
        return webhooks.replay(id);
    }

    @Override
    public NodeStats stats() {
        List<RoomConnections> top = rooms.all().stream()
                .map(room -> new RoomConnections(room.id(), room.roomType().wire(), room.connectionCount()))
                .sorted(Comparator.comparingInt(RoomConnections::connections).reversed())
                .limit(NodeStats.TOP_ROOMS)
                .toList();
        return new NodeStats(Duration.ofNanos(System.nanoTime() - startedNanos).toSeconds(),
                (int) metrics.openConnections(), rooms.all().size(), storage.writer().queueDepth(),
                drain.draining(), top);
    }

    @Override
    public Optional<RoomPresence> presence(UUID roomId) {
        Optional<LiveRoom> live = rooms.find(roomId);
        if (live.isPresent()) {
            List<OnlineUser> users = live.get().onlineUsers().stream().map(u -> new OnlineUser(u.id(), u.username())).toList();
            return Optional.of(new RoomPresence(roomId, users, live.get().connectionCount()));
        }
        return storage.rooms().findById(roomId).map(room -> new RoomPresence(roomId, List.of(), 0));
    }

    @Override
    public int disconnectUser(String userId, int closeCode, String reason) {
        return control.disconnect(userId, closeCode, reason);
    }

    @Override
    public CompletableFuture<Message> postSystemMessage(UUID roomId, String content) {
        if (storage.rooms().findById(roomId).isEmpty()) {
            return CompletableFuture.failedFuture(AdminException.notFound("no such room"));
        }
        NewMessage message = new NewMessage(Uuids.v7(), roomId, SYSTEM, null, content, "system", List.of(), List.of(),
                null, null, clock.instant());
        // Stored and fanned out like any message: the writer's commit listener broadcasts it.
        return storage.writer().submit(message).handle((outcome, failure) -> {
            if (failure == null) {
                return outcome.message();
            }
            Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
            throw cause instanceof StorageUnavailableException
                    ? AdminException.unavailable("storage is unavailable")
                    : new CompletionException(cause);
        });
    }

    @Override
    public boolean setLogLevel(String logger, String level) {
        return Logging.setLevel(logger, level);
    }

    @Override
    public void drain(Duration window) {
        drain.start(window);
    }

    @Override
    public boolean draining() {
        return drain.draining();
    }

    @Override
    public TlsReload reloadTls() {
        if (tls == null) {
            return AdminOperations.super.reloadTls();
        }
        ReloadableTls.Reload reload = tls.reload();
        if (reload.outcome() == ReloadableTls.Outcome.REFUSED) {
            throw new AdminException(422, "certificate_refused", reload.reason() + "; still serving "
                    + reload.serving().subject() + " (sha256 " + reload.serving().fingerprint() + ")");
        }
        var pair = reload.serving();
        return new TlsReload(reload.outcome().name().toLowerCase(java.util.Locale.ROOT), pair.subject(),
                pair.notAfter(), (long) Math.floor(tls.daysLeft()), pair.fingerprint());
    }

    @Override
    public Optional<ApiDocument> apiDocument(String path) {
        return ApiDocuments.bundled().find(path).map(document -> new ApiDocument(document.json(), document.etag()));
    }

    @Override
    public void audit(String action, String detail) {
        audit.info("admin action={} {}", action, detail);
    }
}
