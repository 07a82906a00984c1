package dev.community.server.rest;

import dev.community.protocol.JsonCodec;
import dev.community.server.StorageReads;
import dev.community.server.actions.ReadMarks;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.RoomSettingsActions;
import dev.community.server.actions.MemberActions;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.storage.RoomRepository.RoomUpdate;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
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

    private final JsonCodec codec;
    private final StorageReads store;
    private final RoomAccess access;
    private final RoomSettingsActions roomSettings;
    private final MemberActions members;
    private final ReadMarks readMarks;

    RoomEndpoints(JsonCodec codec, StorageReads store, RoomAccess access, RoomSettingsActions roomSettings,
                  MemberActions members, ReadMarks readMarks) {
        this.codec = codec;
        this.store = store;
        this.access = access;
        this.roomSettings = roomSettings;
        this.members = members;
        this.readMarks = readMarks;
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
        return store.blocking().supply(() -> RestResponse.ok(
                store.storage().rooms().listVisible(request.principal().userId(), cursor, limit)));
    }

    /** Who may create a room and what it becomes: {@link RoomSettingsActions#create}; they own it. */
    private CompletableFuture<RestResponse> create(RestRequest request) {
        JsonBody body = JsonBody.parse(codec, request.body());
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
        var asked = new RoomSettingsActions.NewRoom(name, slug,
                roomType == null ? RoomType.FORUM : RoomType.fromWire(roomType),
                visibility == null ? Visibility.PUBLIC : Visibility.fromWire(visibility),
                description == null ? "" : description, settings);
        return roomSettings.create(request.principal(), asked).thenApply(RestResponse::created);
    }

    private static Visibility visibility(String wire) {
        return wire == null ? null : Visibility.fromWire(wire);
    }

    private CompletableFuture<RestResponse> get(RestRequest request) {
        var roomId = request.uuid("room_id");
        return store.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            return RestResponse.ok(access.view(request.principal(), roomId));
        });
    }

    /**
     * name, description, visibility, slow_mode_seconds, min_trust_to_join, min_trust_to_post, retention_days
     * ({@link RoomSettingsActions#change}). Any other field (creator_id, member_count, room_type, slug, ...) is
     * ignored, never written.
     */
    private CompletableFuture<RestResponse> patch(RestRequest request) {
        JsonBody body = JsonBody.parse(codec, request.body());
        String name = body.has("name") ? body.requiredText("name", NAME_MAX) : null;
        RoomUpdate update = new RoomUpdate(name, body.optionalString("description", DESCRIPTION_MAX),
                visibility(body.optionalChoice("visibility", VISIBILITIES)),
                body.optionalInt("slow_mode_seconds", 0, SLOW_MODE_MAX),
                body.optionalInt("min_trust_to_join", 0, TRUST_MAX), body.optionalInt("min_trust_to_post", 0, TRUST_MAX));
        // 1..36500 days; 0 goes back to the server's retention.default_days
        Integer retentionDays = body.optionalInt("retention_days", 0, 36_500);
        return roomSettings.change(request.principal(), request.uuid("room_id"), update, retentionDays)
                .thenApply(RestResponse::ok);
    }

    /** Joins a public or unlisted room ({@link MemberActions#join}) → the room as I see it now. */
    private CompletableFuture<RestResponse> join(RestRequest request) {
        return members.join(request.principal(), request.uuid("room_id")).thenApply(RestResponse::ok);
    }

    /** Ends my membership ({@link MemberActions#leave}): 204, also when I was no member. */
    private CompletableFuture<RestResponse> leave(RestRequest request) {
        return members.leave(request.principal(), request.uuid("room_id"))
                .thenApply(done -> RestResponse.noContent());
    }

    /** As the mark_read frame ({@link dev.community.server.actions.ReadMarks}): → my read marker. */
    private CompletableFuture<RestResponse> read(RestRequest request) {
        long seq = JsonBody.parse(codec, request.body()).requiredLong("seq", 0, Long.MAX_VALUE);
        return readMarks.mark(request.principal(), request.uuid("room_id"), seq)
                .thenApply(RestResponse::ok);
    }
}
