package dev.community.admin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The routes of the admin port and what each does. Shared by every connection and thread-safe; {@link #handle}
 * runs on the admin event loop and only parses and checks there, every call into {@link AdminOperations}, the
 * registry or the checks goes to {@link AdminWorkers} or the {@link ReadinessProbe}.
 *
 * <pre>
 * GET  /metrics                            Prometheus text format
 * GET  /health                             200 {"status":"up"}
 * GET  /ready                              200 {"status":"ready",...} or 503 {"status":"not_ready","down":[...],...}
 * GET  /admin/stats                        NodeStats
 * GET  /admin/rooms/{room_id}/presence     RoomPresence
 * POST /admin/users/{user_id}/disconnect   {"code"?, "reason"?} → {"user_id","closed"}
 * POST /admin/rooms/{room_id}/messages     {"content"} → 201 the stored message
 * PUT  /admin/log-level                    {"logger"?, "level"} → {"logger","level"}
 * POST /admin/drain                        {"window_seconds"?} → 202 {"draining":true,"window_seconds"}
 * POST /admin/tls/reload                   → {"outcome","subject","not_after","days_left","sha256"} (422 if refused)
 * GET  /admin/webhooks/dead                → {"dead":[DeadWebhook...]} (oldest first, at most 1000)
 * POST /admin/webhooks/dead/replay         → {"replayed": n} every dead delivery
 * POST /admin/webhooks/dead/{id}/replay    → {"replayed": n} one event's (404 if none is dead)
 * GET  /community/openapi.json             the API specs, as on the public port
 * GET  /community/asyncapi.json
 * </pre>
 * Everything under {@code /admin/} needs {@code Authorization: Bearer <admin token>} and is absent (404) when no
 * token is configured. Nothing else is served here: the public API's paths are 404 like any other.
 */
final class AdminEndpoints {
    private static final Logger LOG = LoggerFactory.getLogger(AdminEndpoints.class);
    private static final String ADMIN_PREFIX = "/admin/";

    record Health(String status) {
    }

    /** {@code down} is left out when empty: a ready node has nothing to name. */
    record Readiness(String status, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> down,
                     Map<String, String> checks) {
    }

    record Disconnected(String userId, int closed) {
    }

    record LogLevelChanged(String logger, String level) {
    }

    record Draining(boolean draining, long windowSeconds) {
    }

    record DeadWebhooks(List<DeadWebhook> dead) {
    }

    record Replayed(int replayed) {
    }

    private final AdminJson json;
    private final Optional<BearerToken> token;
    private final PrometheusMeterRegistry registry;
    private final ReadinessProbe probe;
    private final AdminOperations ops;
    private final AdminWorkers workers;
    private final AdminAudit audit;
    /** Two drain requests at once must start one drain. */
    private final Object drainLock = new Object();

    AdminEndpoints(AdminJson json, Optional<BearerToken> token, PrometheusMeterRegistry registry, ReadinessProbe probe,
                   AdminOperations ops, AdminWorkers workers) {
        this.json = json;
        this.token = token;
        this.registry = registry;
        this.probe = probe;
        this.ops = ops;
        this.workers = workers;
        this.audit = new AdminAudit(ops);
    }

    /** Answers a request; the future never fails (failures become error replies). Called on the event loop. */
    CompletableFuture<AdminReply> handle(AdminRequest request) {
        CompletableFuture<AdminReply> reply;
        try {
            reply = route(request);
        } catch (RuntimeException e) {
            reply = CompletableFuture.failedFuture(e);
        }
        return reply.handle((ok, failure) -> failure == null ? ok : failure(request, AdminWorkers.unwrap(failure)));
    }

    private CompletableFuture<AdminReply> route(AdminRequest request) {
        String path = normalise(request.path());
        switch (path) {
            case "/metrics":
                return onlyGet(request, this::metrics);
            case "/health":
                return onlyGet(request, () -> done(AdminReply.json(HttpResponseStatus.OK, new Health("up"))));
            case "/ready":
                return onlyGet(request, this::ready);
            case "/community/openapi.json", "/community/asyncapi.json":
                return onlyGet(request, () -> apiDocument(path));
            default:
                break;
        }
        if (!path.startsWith(ADMIN_PREFIX) && !path.equals("/admin")) {
            return notFound();
        }
        if (token.isEmpty()) {
            // Without a token the admin API does not exist on this node, rather than existing and refusing.
            return notFound();
        }
        if (!token.get().matches(request.authorization())) {
            LOG.warn("admin request refused, missing or wrong token: {} {} (from {})",
                    request.method(), AdminAudit.quote(path), request.remote());
            return done(AdminReply.error(HttpResponseStatus.UNAUTHORIZED, "unauthorized", "a valid admin token is required")
                    .withHeader(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"admin\""));
        }
        return admin(request, path.equals("/admin") ? new String[] {""} : path.substring(ADMIN_PREFIX.length()).split("/", -1));
    }

    private CompletableFuture<AdminReply> admin(AdminRequest request, String[] segments) {
        if (segments.length == 1) {
            switch (segments[0]) {
                case "stats":
                    return only(request, HttpMethod.GET, () -> workers.submit(
                            () -> AdminReply.json(HttpResponseStatus.OK, ops.stats())));
                case "log-level":
                    return only(request, HttpMethod.PUT, () -> logLevel(request));
                case "drain":
                    return only(request, HttpMethod.POST, () -> drain(request));
                default:
                    return notFound();
            }
        }
        if (segments.length == 2 && segments[0].equals("webhooks") && segments[1].equals("dead")) {
            return only(request, HttpMethod.GET, () -> workers.submit(() -> AdminReply.json(HttpResponseStatus.OK,
                    new DeadWebhooks(ops.deadWebhooks(AdminLimits.MAX_DEAD_WEBHOOKS)))));
        }
        if (segments.length == 3 && segments[0].equals("webhooks") && segments[1].equals("dead")
                && segments[2].equals("replay")) {
            return only(request, HttpMethod.POST, () -> replayWebhooks(request, null));
        }
        if (segments.length == 4 && segments[0].equals("webhooks") && segments[1].equals("dead")
                && segments[3].equals("replay")) {
            return only(request, HttpMethod.POST, () -> replayWebhooks(request, AdminCommands.webhookId(segments[2])));
        }
        if (segments.length == 2 && segments[0].equals("tls") && segments[1].equals("reload")) {
            return only(request, HttpMethod.POST, () -> tlsReload(request));
        }
        if (segments.length == 3 && segments[0].equals("rooms") && segments[2].equals("presence")) {
            return only(request, HttpMethod.GET, () -> presence(AdminCommands.roomId(segments[1])));
        }
        if (segments.length == 3 && segments[0].equals("rooms") && segments[2].equals("messages")) {
            return only(request, HttpMethod.POST, () -> systemMessage(request, AdminCommands.roomId(segments[1])));
        }
        if (segments.length == 3 && segments[0].equals("users") && segments[2].equals("disconnect")) {
            return only(request, HttpMethod.POST, () -> disconnect(request, AdminCommands.userId(segments[1])));
        }
        return notFound();
    }

    private CompletableFuture<AdminReply> metrics() {
        // A scrape of a few thousand meters takes milliseconds: off the loop.
        return workers.submit(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            try {
                registry.scrape(out, AdminReply.PROMETHEUS_TEXT);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return AdminReply.text(HttpResponseStatus.OK, AdminReply.PROMETHEUS_TEXT, out.toByteArray());
        });
    }

    private CompletableFuture<AdminReply> ready() {
        return workers.afterwards(probe.probe(), (states, failure) -> {
            if (failure != null) {
                throw AdminWorkers.rethrow(failure);
            }
            List<String> down = new ArrayList<>();
            Map<String, String> checks = new LinkedHashMap<>();
            states.forEach((name, state) -> {
                checks.put(name, state.wire());
                if (state != ReadinessProbe.State.UP) {
                    down.add(name);
                }
            });
            if (ops.draining()) {
                down.add("draining");
            }
            if (down.isEmpty()) {
                return AdminReply.json(HttpResponseStatus.OK, new Readiness("ready", List.of(), checks));
            }
            return AdminReply.json(HttpResponseStatus.SERVICE_UNAVAILABLE, new Readiness("not_ready", down, checks));
        });
    }

    private CompletableFuture<AdminReply> apiDocument(String path) {
        return workers.submit(() -> ops.apiDocument(path)
                .map(document -> AdminReply.text(HttpResponseStatus.OK, HttpHeaderValues.APPLICATION_JSON, document.json())
                        .withHeader(HttpHeaderNames.ETAG, document.etag())
                        .withHeader(HttpHeaderNames.CACHE_CONTROL, "public, max-age=300"))
                .orElseThrow(() -> AdminException.notFound("no such endpoint on the admin port")));
    }

    private CompletableFuture<AdminReply> presence(UUID roomId) {
        return workers.submit(() -> ops.presence(roomId)
                .map(presence -> AdminReply.json(HttpResponseStatus.OK, presence))
                .orElseThrow(() -> AdminException.notFound("no room " + roomId)));
    }

    private CompletableFuture<AdminReply> disconnect(AdminRequest request, String userId) {
        AdminCommands.Disconnect command = AdminCommands.disconnect(json.readObject(request.body()));
        String detail = "user_id=" + AdminAudit.quote(userId) + " code=" + command.code()
                + " reason=" + AdminAudit.quote(command.reason());
        return workers.submit(() -> {
            int closed;
            try {
                closed = ops.disconnectUser(userId, command.code(), command.reason());
            } catch (RuntimeException e) {
                audit.record("disconnect_user", detail + " outcome=" + outcome(e), request.remote());
                throw e;
            }
            audit.record("disconnect_user", detail + " closed=" + closed, request.remote());
            return AdminReply.json(HttpResponseStatus.OK, new Disconnected(userId, closed));
        });
    }

    private CompletableFuture<AdminReply> systemMessage(AdminRequest request, UUID roomId) {
        AdminCommands.SystemMessage command = AdminCommands.systemMessage(json.readObject(request.body()));
        String detail = "room_id=" + roomId + " chars=" + command.content().codePointCount(0, command.content().length());
        CompletableFuture<Object> stored = workers.submit(() -> ops.postSystemMessage(roomId, command.content()))
                .thenCompose(future -> {
                    if (future == null) {
                        throw new IllegalStateException("postSystemMessage returned no future");
                    }
                    return future.thenApply(message -> (Object) message);
                });
        // The message future completes on a writer lane's thread: audit (which may block) on a worker instead.
        return workers.afterwards(stored, (message, failure) -> {
            if (failure == null && message == null) {
                failure = new IllegalStateException("postSystemMessage completed without a message");
            }
            audit.record("post_system_message", detail + " outcome=" + (failure == null ? "stored" : outcome(failure)),
                    request.remote());
            if (failure != null) {
                throw AdminWorkers.rethrow(failure);
            }
            return AdminReply.json(HttpResponseStatus.CREATED, message);
        });
    }

    private CompletableFuture<AdminReply> logLevel(AdminRequest request) {
        AdminCommands.LogLevel command = AdminCommands.logLevel(json.readObject(request.body()));
        String detail = "logger=" + command.logger() + " level=" + command.level();
        return workers.submit(() -> {
            boolean applied;
            try {
                applied = ops.setLogLevel(command.logger(), command.level());
            } catch (RuntimeException e) {
                audit.record("set_log_level", detail + " outcome=" + outcome(e), request.remote());
                throw e;
            }
            audit.record("set_log_level", detail + " outcome=" + (applied ? "applied" : "refused"), request.remote());
            if (!applied) {
                throw AdminException.invalidPayload(
                        "the logging backend refused level " + command.level() + " for logger " + command.logger());
            }
            return AdminReply.json(HttpResponseStatus.OK, new LogLevelChanged(command.logger(), command.level()));
        });
    }

    private CompletableFuture<AdminReply> drain(AdminRequest request) {
        AdminCommands.Drain command = AdminCommands.drain(json.readObject(request.body()));
        long seconds = command.window().toSeconds();
        return workers.submit(() -> {
            synchronized (drainLock) {
                if (ops.draining()) {
                    throw new AdminException(409, "conflict", "the node is already draining");
                }
                try {
                    ops.drain(command.window());
                } catch (RuntimeException e) {
                    audit.record("drain", "window_seconds=" + seconds + " outcome=" + outcome(e), request.remote());
                    throw e;
                }
            }
            audit.record("drain", "window_seconds=" + seconds + " outcome=started", request.remote());
            return AdminReply.json(HttpResponseStatus.ACCEPTED, new Draining(true, seconds));
        });
    }

    private CompletableFuture<AdminReply> replayWebhooks(AdminRequest request, UUID id) {
        String detail = "id=" + (id == null ? "all" : id.toString());
        return workers.submit(() -> {
            int replayed;
            try {
                replayed = ops.replayWebhooks(id);
            } catch (RuntimeException e) {
                audit.record("webhook_replay", detail + " outcome=" + outcome(e), request.remote());
                throw e;
            }
            audit.record("webhook_replay", detail + " replayed=" + replayed, request.remote());
            if (id != null && replayed == 0) {
                throw AdminException.notFound("no dead webhook delivery " + id);
            }
            return AdminReply.json(HttpResponseStatus.OK, new Replayed(replayed));
        });
    }

    private CompletableFuture<AdminReply> tlsReload(AdminRequest request) {
        return workers.submit(() -> {
            TlsReload reload;
            try {
                reload = ops.reloadTls();
            } catch (RuntimeException e) {
                audit.record("tls_reload", "outcome=" + outcome(e), request.remote());
                throw e;
            }
            audit.record("tls_reload", "outcome=" + reload.outcome() + " sha256=" + reload.sha256(), request.remote());
            return AdminReply.json(HttpResponseStatus.OK, reload);
        });
    }

    private AdminReply failure(AdminRequest request, Throwable failure) {
        if (failure instanceof AdminException e) {
            return AdminReply.error(e);
        }
        LOG.error("admin request {} {} failed (from {})", request.method(), AdminAudit.quote(request.path()),
                request.remote(), failure);
        return AdminReply.error(HttpResponseStatus.INTERNAL_SERVER_ERROR, "internal", "internal error; see the server log");
    }

    private static String outcome(Throwable failure) {
        return failure instanceof AdminException e ? "failed:" + e.code() : "failed:internal";
    }

    private static CompletableFuture<AdminReply> onlyGet(AdminRequest request, Supplier<CompletableFuture<AdminReply>> route) {
        return only(request, HttpMethod.GET, route);
    }

    private static CompletableFuture<AdminReply> only(AdminRequest request, HttpMethod method,
                                                      Supplier<CompletableFuture<AdminReply>> route) {
        if (!method.equals(request.method())) {
            return done(AdminReply.error(HttpResponseStatus.METHOD_NOT_ALLOWED, "method_not_allowed",
                    "use " + method + " here").withHeader(HttpHeaderNames.ALLOW, method.name()));
        }
        return route.get();
    }

    private static CompletableFuture<AdminReply> notFound() {
        return done(AdminReply.error(HttpResponseStatus.NOT_FOUND, "not_found", "no such endpoint on the admin port"));
    }

    private static CompletableFuture<AdminReply> done(AdminReply reply) {
        return CompletableFuture.completedFuture(reply);
    }

    /** {@code /ready/} and {@code /ready} are one route; so are the admin routes with and without a final slash. */
    private static String normalise(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
