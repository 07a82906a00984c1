package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.ReportRepository;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Community reports of a message: once per user and message (409 the second time), never of one's own. The third
 * distinct report flags the message and queues it for review (audited with source community), in the report's
 * own transaction. Nothing goes out live: reports are for the room's moderators, who read the queue.
 */
public final class ReportActions {
    private final RoomAccess access;
    private final ReportRepository reports;
    private final Blocking blocking;

    public ReportActions(RoomAccess access, ReportRepository reports, Blocking blocking) {
        this.access = access;
        this.reports = reports;
        this.blocking = blocking;
    }

    /** @return when the report was taken */
    public CompletableFuture<Instant> report(Principal principal, UUID roomId, UUID messageId, String reason) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            Message message = access.message(loaded, messageId);
            if (Permissions.isMessageAuthor(message, principal)) {
                throw new Refusal(ErrorCode.FORBIDDEN, "you cannot report your own message");
            }
            reports.report(roomId, messageId, principal.userId(), reason)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such message in this room"));
            return loaded.now();
        });
    }
}
