package dev.community.server.actions;

import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.ThreadRepository;
import dev.community.storage.ThreadRecord;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Starting a thread in a room: whoever may post there (not banned, not muted, trusted enough), joining a public
 * room as posting does. Posting into a thread is {@link MessageActions} (the thread must be this room's and
 * unlocked); locking one is {@link ModerationActions}.
 */
public final class ThreadActions {
    private final RoomAccess access;
    private final ThreadRepository threads;
    private final Blocking blocking;

    public ThreadActions(RoomAccess access, ThreadRepository threads, Blocking blocking) {
        this.access = access;
        this.threads = threads;
        this.blocking = blocking;
    }

    public CompletableFuture<ThreadRecord> create(Principal principal, UUID roomId, String title) {
        return blocking.supply(() -> {
            var loaded = access.loadAsMember(principal, roomId);
            Permissions.canPost(loaded.room(), loaded.requireMember(), principal, loaded.now()).ifPresent(code -> {
                throw new Refusal(code, "you may not post in this room now");
            });
            return threads.create(roomId, title, principal.userId());
        });
    }
}
