package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.server.Blocking;
import dev.community.server.WireViews;
import dev.community.server.auth.Principal;
import dev.community.storage.NewModerationAction;
import dev.community.storage.PinRepository.PinResult;
import dev.community.storage.PinRepository.Pinned;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * Pinned messages (PROTOCOL.md §2.13). The room's moderators and above (admins, the owner, staff) pin and unpin
 * any message of the room that is not deleted — pinning is about the room, not the author, so no rank over the
 * author is needed; at most {@code limits.max_pins_per_room} per room (409 conflict when full). Pinning a pinned
 * message, or unpinning one that is not, changes nothing and tells nobody. Each change is audited (pin / unpin,
 * source admin) and reaches the room as message_pinned / message_unpinned through {@link LiveChanges}. Anyone who
 * may read the room may list its pins.
 */
public final class PinActions {
    private final RoomAccess access;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;
    private final int maxPins;
    private final Counter roomFull;

    public PinActions(RoomAccess access, Storage storage, Blocking blocking, LiveChanges live, int maxPins,
                      MeterRegistry meters) {
        this.access = access;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
        this.maxPins = maxPins;
        this.roomFull = Counter.builder("community.pins.refused")
                .description("Pins refused because the room holds limits.max_pins_per_room pins already")
                .tag("reason", "room_full").register(meters);
    }

    /** @return the message afterwards (pinned), as the caller may see it */
    public CompletableFuture<Message> pin(Principal principal, UUID roomId, UUID messageId) {
        return blocking.supply(() -> {
            var loaded = moderatorOf(principal, roomId);
            Message message = access.message(loaded, messageId);
            PinResult result = storage.pins().pin(roomId, messageId, principal.userId(), loaded.now(), maxPins);
            switch (result) {
                case NO_SUCH_MESSAGE -> throw new Refusal(ErrorCode.NOT_FOUND, message.isDeleted()
                        ? "the message was deleted" : "no such message in this room");
                case ROOM_FULL -> {
                    roomFull.increment();
                    throw new Refusal(ErrorCode.CONFLICT, "this room holds " + maxPins
                            + " pinned messages already; unpin one first");
                }
                case PINNED -> {
                    audit(loaded, "pin", message);
                    live.pinChanged(message, true, principal.user(), loaded.now());
                }
                case ALREADY_PINNED -> {
                    // nothing changed: no audit entry, no event
                }
            }
            return shown(principal, message.withPinned(true));
        });
    }

    /** @return the message afterwards (not pinned) */
    public CompletableFuture<Message> unpin(Principal principal, UUID roomId, UUID messageId) {
        return blocking.supply(() -> {
            var loaded = moderatorOf(principal, roomId);
            Message message = access.message(loaded, messageId);
            if (storage.pins().unpin(roomId, messageId)) {
                audit(loaded, "unpin", message);
                live.pinChanged(message, false, principal.user(), loaded.now());
            }
            return shown(principal, message.withPinned(false));
        });
    }

    /**
     * The room's pins, newest pin first, as the caller sees them ({@link WireViews}): hidden content blanked below
     * moderator, messages of authors the caller blocks left out (as in history).
     */
    public CompletableFuture<List<Pinned>> list(Principal principal, UUID roomId) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            Set<String> blocked = storage.blocks().blockedIdsOf(principal.userId());
            List<Pinned> shown = new ArrayList<>();
            for (Pinned pin : storage.pins().list(roomId, maxPins)) {
                if (!blocked.contains(pin.message().author().id())) {
                    shown.add(new Pinned(WireViews.message(pin.message(), loaded.moderator()), pin.pinnedBy(),
                            pin.pinnedAt()));
                }
            }
            Map<UUID, List<String>> mine = storage.reactions().mine(principal.userId(),
                    shown.stream().map(p -> p.message().id()).toList());
            return shown.stream().map(p -> new Pinned(WireViews.withMyReactions(List.of(p.message()), mine).get(0),
                    p.pinnedBy(), p.pinnedAt())).toList();
        });
    }

    /** As REST renders a message for its caller (a moderator here, who sees hidden content): with my_reactions. */
    private Message shown(Principal principal, Message message) {
        return WireViews.withMyReactions(WireViews.message(message, true), storage.reactions(), principal.userId());
    }

    private RoomAccess.Loaded moderatorOf(Principal principal, UUID roomId) {
        var loaded = access.load(principal, roomId);
        if (!loaded.moderator()) {
            throw new Refusal(ErrorCode.FORBIDDEN, "only the room's moderators may pin and unpin messages");
        }
        return loaded;
    }

    private void audit(RoomAccess.Loaded loaded, String action, Message message) {
        storage.moderation().record(new NewModerationAction(loaded.room().id(), action, ModerationKind.SOURCE,
                loaded.principal().userId(), message.author().id(), message.id(), null, "", null));
    }
}
