package dev.community.server.rest;

import dev.community.server.actions.LiveChanges;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.ServerContext;
import dev.community.server.auth.Principal;
import dev.community.server.permission.Permissions;
import dev.community.storage.ConflictException;
import dev.community.storage.RoomRecord;
import dev.community.storage.RoomRepository.RoomUpdate;
import dev.community.storage.UserRecord;
import io.netty.handler.codec.http.HttpMethod;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * Rooms: {@code /community/rooms/}, {@code /community/rooms/{id}/} and its join, leave and read actions. Every
 * Room in a response carries the caller's my_role, last_read_seq, unread_count and unread_mentions.
 */
final class RoomEndpoints {
    static final int NAME_MAX = 100;
    static final int DESCRIPTION_MAX = 2000;
    /** Slow mode of up to a day: beyond that a room is better locked. */
    static final int SLOW_MODE_MAX = 86_400;
    static final int TRUST_MAX = 1_000;
    static final List<String> VISIBILITIES = List.of("public", "private", "unlisted");
    /** What a person may create (DMs are opened through /community/dm/). */
    static final List<String> CREATABLE_TYPES = List.of(RoomType.FORUM.wire(), RoomType.CIRCLE.wire());
    private static final Pattern SLUG = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");
    private static final int SLUG_ATTEMPTS = 5;

    private final ServerContext app;
    private final RoomAccess access;
    private final LiveChanges live;

    RoomEndpoints(ServerContext app, RoomAccess access, LiveChanges live) {
        this.app = app;
        this.access = access;
        this.live = live;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/rooms/", this::list);
        api.route(HttpMethod.POST, "/community/rooms/", this::create);
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/", this::get);
        api.route(HttpMethod.PATCH, "/community/rooms/{room_id}/", this::patch);
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/join/", this::join);
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/leave/", this::leave);
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/read/", this::read);
    }

    /** Public forums and circles plus the private and unlisted ones I belong to; one query for the whole page. */
    private CompletableFuture<RestResponse> list(RestRequest request) {
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return app.blocking().supply(() -> RestResponse.ok(
                app.storage().rooms().listVisible(request.principal().userId(), cursor, limit)));
    }

    /** Staff, or an account at least 7 days old with at least 10 messages sent, may create a room; they own it. */
    private CompletableFuture<RestResponse> create(RestRequest request) {
        JsonBody body = JsonBody.parse(app.codec(), request.body());
        String name = body.requiredText("name", NAME_MAX);
        String slug = body.optionalString("slug", 64);
        if (slug != null && !SLUG.matcher(slug).matches()) {
            throw JsonBody.invalid("slug", "must be 1-64 characters of a-z, 0-9 and '-', starting with a letter or digit");
        }
        String description = body.optionalString("description", DESCRIPTION_MAX);
        String visibility = body.optionalChoice("visibility", VISIBILITIES);
        String roomType = body.optionalChoice("room_type", CREATABLE_TYPES);
        RoomUpdate settings = new RoomUpdate(null, null, null, body.optionalInt("slow_mode_seconds", 0, SLOW_MODE_MAX),
                body.optionalInt("min_trust_to_join", 0, TRUST_MAX), body.optionalInt("min_trust_to_post", 0, TRUST_MAX));
        Principal principal = request.principal();
        return app.blocking().supply(() -> {
            UserRecord user = app.storage().users().upsertSeen(principal.userId(), principal.username(),
                    principal.joinedAt(), principal.trustLevel(), principal.staff());
            Permissions.canCreateRoom(principal, user.joinedAt(), user.messageCount(), access.now()).ifPresent(code -> {
                throw new Refusal(code, "creating a room takes an account at least "
                        + Permissions.ROOM_CREATOR_MIN_AGE.toDays() + " days old that has sent at least "
                        + Permissions.ROOM_CREATOR_MIN_MESSAGES + " messages");
            });
            RoomRecord room = createWithSlug(name, slug, roomType == null ? RoomType.FORUM : RoomType.fromWire(roomType),
                    visibility == null ? Visibility.PUBLIC : Visibility.fromWire(visibility), principal.userId(),
                    description == null ? "" : description);
            if (settings.slowModeSeconds() != null || settings.minTrustToJoin() != null
                    || settings.minTrustToPost() != null) {
                app.storage().rooms().update(room.id(), settings);
            }
            return RestResponse.created(access.view(principal, room.id()));
        });
    }

    private static Visibility visibility(String wire) {
        return wire == null ? null : Visibility.fromWire(wire);
    }

    /** A slug the caller chose must be free (409); one derived from the name gets a suffix until it is. */
    private RoomRecord createWithSlug(String name, String chosen, RoomType roomType, Visibility visibility, String creator,
                                      String description) {
        if (chosen != null) {
            return app.storage().rooms().create(name, chosen, roomType, visibility, creator, description);
        }
        String base = slugOf(name);
        for (int attempt = 0; ; attempt++) {
            String slug = attempt == 0 ? base
                    : base + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(0x100000, 0xffffff));
            try {
                return app.storage().rooms().create(name, slug, roomType, visibility, creator, description);
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

    private CompletableFuture<RestResponse> get(RestRequest request) {
        var roomId = request.uuid("room_id");
        return app.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            return RestResponse.ok(access.view(request.principal(), roomId));
        });
    }

    /**
     * The owner, an admin or staff: name, description, visibility, slow_mode_seconds, min_trust_to_join,
     * min_trust_to_post, retention_days. Any other field (creator_id, member_count, room_type, slug, ...) is ignored, never written.
     */
    private CompletableFuture<RestResponse> patch(RestRequest request) {
        var roomId = request.uuid("room_id");
        JsonBody body = JsonBody.parse(app.codec(), request.body());
        String name = body.has("name") ? body.requiredText("name", NAME_MAX) : null;
        RoomUpdate update = new RoomUpdate(name, body.optionalString("description", DESCRIPTION_MAX),
                visibility(body.optionalChoice("visibility", VISIBILITIES)),
                body.optionalInt("slow_mode_seconds", 0, SLOW_MODE_MAX),
                body.optionalInt("min_trust_to_join", 0, TRUST_MAX), body.optionalInt("min_trust_to_post", 0, TRUST_MAX));
        // 1..36500 days; 0 goes back to the server's retention.default_days
        Integer retentionDays = body.optionalInt("retention_days", 0, 36_500);
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            if (!Permissions.isOwnerOrAdmin(loaded.membership(), request.principal(), loaded.now())) {
                throw new Refusal(ErrorCode.FORBIDDEN, "only the room's owner or an admin may change it");
            }
            if (loaded.isDm()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "a DM thread has no settings to change");
            }
            RoomRecord updated = app.storage().rooms().update(roomId, update)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such room"));
            if (retentionDays != null) {
                app.storage().retention().setRetentionDays(roomId, retentionDays == 0 ? null : retentionDays);
            }
            live.roomChanged(updated);
            return RestResponse.ok(access.view(request.principal(), roomId));
        });
    }

    /** Joins a public or unlisted room (who may, as for connecting); a member already stays as they are. */
    private CompletableFuture<RestResponse> join(RestRequest request) {
        var roomId = request.uuid("room_id");
        return app.blocking().supply(() -> {
            access.loadAsMember(request.principal(), roomId);
            return RestResponse.ok(access.view(request.principal(), roomId));
        });
    }

    /**
     * Ends my membership; my sockets in the room close (4003). Leaving a room I am not in is a no-op. The owner
     * cannot leave (the room would have none) and a 1:1 DM cannot be left (block instead): 409.
     */
    private CompletableFuture<RestResponse> leave(RestRequest request) {
        var roomId = request.uuid("room_id");
        String userId = request.principal().userId();
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            if (!loaded.isMember()) {
                return RestResponse.noContent();
            }
            if (loaded.membership().get().role() == Role.OWNER) {
                throw new Refusal(ErrorCode.CONFLICT, "the owner cannot leave the room");
            }
            if (loaded.isDm() && app.storage().directMessages().find(roomId, userId).map(t -> !t.group()).orElse(false)) {
                throw new Refusal(ErrorCode.CONFLICT, "a 1:1 conversation cannot be left; block the user instead");
            }
            if (app.storage().memberships().leave(roomId, userId)) {
                live.memberLeft(roomId, userId);
            }
            return RestResponse.noContent();
        });
    }

    /** As the mark_read frame: my marker moves up to {@code seq} (never back); my sockets there get read_updated. */
    private CompletableFuture<RestResponse> read(RestRequest request) {
        var roomId = request.uuid("room_id");
        long seq = JsonBody.parse(app.codec(), request.body()).requiredLong("seq", 0, Long.MAX_VALUE);
        String userId = request.principal().userId();
        return app.blocking().supply(() -> {
            access.load(request.principal(), roomId).requireMember();
            var marker = app.storage().memberships().markRead(roomId, userId, seq);
            live.readMarkerMoved(userId, roomId, marker);
            return RestResponse.ok(marker);
        });
    }
}
