package dev.community.admin;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Everything the admin API may do to a node; the server implements it.
 *
 * <p><b>Threads.</b> Every method is called on an admin worker thread (a small bounded executor the
 * {@link AdminServer} owns), never on the admin event loop and never on one of the server's event loops, so an
 * implementation may block briefly (hand work to the server's loops and wait for it, say). Calls may overlap:
 * implementations must be thread-safe.
 *
 * <p><b>Errors.</b> A method may throw {@link AdminException} (or, for {@link #postSystemMessage}, complete its
 * future with one) to answer with that status and code; any other exception answers {@code 500 internal} and is
 * logged.
 *
 * <p><b>Audit.</b> The admin server logs every request that changes something at INFO (never the token) and
 * passes it to {@link #audit} once its outcome is known. Arguments have been validated before any method here
 * is called.
 */
public interface AdminOperations {

    /** {@code GET /admin/stats}: a snapshot of the node. */
    NodeStats stats();

    /**
     * {@code GET /admin/rooms/{room_id}/presence}.
     *
     * @return the room's presence on this node (empty lists when nobody is connected), or empty when the room
     *         does not exist (answered {@code 404 not_found})
     */
    Optional<RoomPresence> presence(UUID roomId);

    /**
     * {@code POST /admin/users/{user_id}/disconnect}: closes every connection of a user on this node (and, in a
     * cluster, asks the other nodes to do the same) with a close frame of the given code and reason.
     *
     * @param userId    the user's id as the protocol writes it
     * @param closeCode one of {@link AdminLimits#DISCONNECT_CODES}
     * @param reason    the close reason, at most {@link AdminLimits#MAX_CLOSE_REASON_BYTES} bytes of UTF-8
     * @return how many connections this node closed
     */
    int disconnectUser(String userId, int closeCode, String reason);

    /**
     * {@code POST /admin/rooms/{room_id}/messages}: stores a system message in the room and broadcasts it like any
     * message.
     *
     * @param content the text, already checked to be non-blank and at most
     *                {@link AdminLimits#MAX_CONTENT_CODE_POINTS} code points
     * @return a future of the stored message (a protocol {@code Message}, say), serialised with Jackson in snake_case
     *         with ISO-8601 instants as the {@code 201} body; completed exceptionally with
     *         {@link AdminException#notFound} when the room does not exist or {@link AdminException#unavailable} when
     *         storage is down. The future may complete on any thread (the writer's): the admin server moves the
     *         result to its own threads at once and does nothing else there.
     */
    CompletableFuture<?> postSystemMessage(UUID roomId, String content);

    /**
     * {@code PUT /admin/log-level}: changes a logger's level at run time.
     *
     * @param logger the logger name, {@code ROOT} for the root logger
     * @param level  one of {@code TRACE DEBUG INFO WARN ERROR OFF ALL}, upper case
     * @return false when the logging backend refused the change (answered {@code 400 invalid_payload})
     */
    boolean setLogLevel(String logger, String level);

    /**
     * {@code POST /admin/drain}: starts draining the node for a rolling deploy. Returns at once; the work goes on
     * in the background: stop accepting new connections, let {@link #draining()} report true (so {@code /ready}
     * answers 503), and close existing sockets with 1001 spread evenly over {@code window} so clients do not all
     * reconnect at once. Called only while {@link #draining()} is false.
     *
     * @param window 0 (close all at once) .. {@link AdminLimits#MAX_DRAIN_WINDOW}
     */
    void drain(Duration window);

    /** Whether {@link #drain} has been called; {@code /ready} answers 503 naming {@code draining} while it is. */
    boolean draining();

    /**
     * {@code POST /admin/tls/reload}: reads the public port's certificate and key files again and serves them to new
     * connections (open ones keep theirs). May block on file I/O.
     *
     * @return what happened and the certificate now served
     * @throws AdminException {@code 404 not_found} when the node serves no TLS, {@code 422 certificate_refused} (the
     *                        old pair stays in service) when the files do not hold a usable pair
     */
    default TlsReload reloadTls() {
        throw AdminException.notFound("this node does not serve TLS (no tls.cert_file)");
    }

    /**
     * {@code GET /community/openapi.json} and {@code GET /community/asyncapi.json}: the node's API specs, served
     * without the admin token (they are public documentation).
     *
     * @param path the request's path, e.g. {@code /community/openapi.json}
     * @return the document, or empty when this node serves none at that path (answered {@code 404 not_found})
     */
    default Optional<ApiDocument> apiDocument(String path) {
        return Optional.empty();
    }

    /**
     * {@code GET /admin/webhooks/dead}: webhook deliveries given up at their horizon, oldest first.
     *
     * @param limit at most this many ({@link AdminLimits#MAX_DEAD_WEBHOOKS})
     * @throws AdminException {@code 404 not_found} when the node sends no webhooks (no {@code webhooks.url})
     */
    default java.util.List<DeadWebhook> deadWebhooks(int limit) {
        throw AdminException.notFound("this node sends no webhooks (no webhooks.url)");
    }

    /**
     * {@code POST /admin/webhooks/dead/{id}/replay} ({@code id} given) or {@code POST /admin/webhooks/dead/replay}
     * (every dead delivery): makes them pending again, due at once, with a fresh retry horizon. A replayed event keeps
     * its {@code webhook-id} and is sent out of its room's order.
     *
     * @param id the event to replay, or null for all
     * @return how many deliveries (event × endpoint) were revived; 0 for an id with none is answered
     *         {@code 404 not_found}
     * @throws AdminException {@code 404 not_found} when the node sends no webhooks
     */
    default int replayWebhooks(UUID id) {
        throw AdminException.notFound("this node sends no webhooks (no webhooks.url)");
    }

    /**
     * Records an admin action that changed something (or tried to), after the admin server has logged it.
     *
     * @param action one of {@code disconnect_user}, {@code post_system_message}, {@code set_log_level},
     *               {@code drain}, {@code tls_reload}, {@code webhook_replay}
     * @param detail the action's arguments and outcome as {@code key=value} pairs, never the token
     */
    void audit(String action, String detail);
}
