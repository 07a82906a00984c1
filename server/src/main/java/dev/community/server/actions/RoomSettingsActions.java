package dev.community.server.actions;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Room;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.Blocking;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.ConflictException;
import dev.community.storage.RoomRecord;
import dev.community.storage.RoomRepository.RoomUpdate;
import dev.community.storage.Storage;
import dev.community.storage.UserRecord;
import java.text.Normalizer;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Creating a room and changing its settings. Who may create one is {@link Permissions#canCreateRoom}; who may
 * change one, its owner, an admin or staff. A change reaches the room's live sessions on every node through
 * {@link LiveChanges#roomChanged}, so slow mode and trust gates judge their next frame.
 */
public final class RoomSettingsActions {
    private static final int SLUG_ATTEMPTS = 5;

    private final RoomAccess access;
    private final Storage storage;
    private final Blocking blocking;
    private final LiveChanges live;

    public RoomSettingsActions(RoomAccess access, Storage storage, Blocking blocking, LiveChanges live) {
        this.access = access;
        this.storage = storage;
        this.blocking = blocking;
        this.live = live;
    }

    /**
     * What a new room is to be.
     *
     * @param slug     as chosen (it must be free: 409), or null for one derived from the name
     * @param settings slow mode and trust gates, each null for the default
     */
    public record NewRoom(String name, String slug, RoomType roomType, Visibility visibility, String description,
                          RoomUpdate settings) {
    }

    /** Staff, or an account old and active enough, creates a room it owns. @return the room as its owner sees it */
    public CompletableFuture<Room> create(Principal principal, NewRoom asked) {
        return blocking.supply(() -> {
            UserRecord user = storage.users().upsertSeen(principal.userId(), principal.username(),
                    principal.joinedAt(), principal.trustLevel(), principal.staff());
            Permissions.canCreateRoom(principal, user.joinedAt(), user.messageCount(), access.now()).ifPresent(code -> {
                throw new Refusal(code, "creating a room takes an account at least "
                        + Permissions.ROOM_CREATOR_MIN_AGE.toDays() + " days old that has sent at least "
                        + Permissions.ROOM_CREATOR_MIN_MESSAGES + " messages");
            });
            RoomRecord room = createWithSlug(asked, principal.userId());
            RoomUpdate settings = asked.settings();
            if (settings.slowModeSeconds() != null || settings.minTrustToJoin() != null
                    || settings.minTrustToPost() != null) {
                storage.rooms().update(room.id(), settings);
            }
            return access.view(principal, room.id());
        });
    }

    /** A slug the caller chose must be free (409); one derived from the name gets a suffix until it is. */
    private RoomRecord createWithSlug(NewRoom asked, String creator) {
        if (asked.slug() != null) {
            return storage.rooms().create(asked.name(), asked.slug(), asked.roomType(), asked.visibility(), creator,
                    asked.description());
        }
        String base = slugOf(asked.name());
        for (int attempt = 0; ; attempt++) {
            String slug = attempt == 0 ? base
                    : base + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
            try {
                return storage.rooms().create(asked.name(), slug, asked.roomType(), asked.visibility(), creator,
                        asked.description());
            } catch (ConflictException taken) {
                if (attempt + 1 >= SLUG_ATTEMPTS) {
                    throw taken;
                }
            }
        }
    }

    /** "Café Talk!" → "cafe-talk": ASCII letters and digits, '-' between words, at most 50 characters. */
    static String slugOf(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "")
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("(^-+|-+$)", "");
        if (ascii.length() > 50) {
            ascii = ascii.substring(0, 50).replaceAll("-+$", "");
        }
        return ascii.isEmpty() ? "room" : ascii;
    }

    /**
     * The owner, an admin or staff changes what {@code update} names (null fields stay); a DM has no settings.
     * @return the room as the caller sees it afterwards
     */
    public CompletableFuture<Room> change(Principal principal, UUID roomId, RoomUpdate update) {
        return change(principal, roomId, update, null);
    }

    /**
     * As {@link #change(Principal, UUID, RoomUpdate)}, with the room's retention: {@code retentionDays} days (1..36500),
     * 0 for the server's {@code retention.default_days} again, null to leave it. The purge applies it on its next pass.
     */
    public CompletableFuture<Room> change(Principal principal, UUID roomId, RoomUpdate update, Integer retentionDays) {
        return blocking.supply(() -> {
            var loaded = access.load(principal, roomId);
            if (!Permissions.isOwnerOrAdmin(loaded.membership(), principal, loaded.now())) {
                throw new Refusal(ErrorCode.FORBIDDEN, "only the room's owner or an admin may change it");
            }
            if (loaded.isDm()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "a DM thread has no settings to change");
            }
            if (retentionDays != null) {
                storage.retention().setRetentionDays(roomId, retentionDays == 0 ? null : retentionDays);
            }
            // read back after the retention too, so the sessions' room (and its room_state) carries retention_days
            RoomRecord updated = storage.rooms().update(roomId, update)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such room"));
            live.roomChanged(updated);
            return access.view(principal, roomId);
        });
    }
}
