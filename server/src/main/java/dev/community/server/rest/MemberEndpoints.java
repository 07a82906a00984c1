package dev.community.server.rest;

import dev.community.protocol.JsonCodec;
import dev.community.server.StorageReads;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.MemberActions;
import dev.community.protocol.Role;
import dev.community.storage.MembershipRepository.Member;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A room's members over REST: the list (anyone who may open the room), adding someone and changing a role; the
 * rules are {@link MemberActions}'s.
 */
final class MemberEndpoints {
    /** The roles given here, by wire name, most powerful first (ownership and restrictions are not). */
    static final List<String> ROLES = Stream.of(Role.values()).filter(Role.ASSIGNABLE::contains).map(Role::wire).toList();

    private final JsonCodec codec;
    private final StorageReads store;
    private final RoomAccess access;
    private final MemberActions members;

    MemberEndpoints(JsonCodec codec, StorageReads store, RoomAccess access, MemberActions members) {
        this.codec = codec;
        this.store = store;
        this.access = access;
        this.members = members;
    }

    void register(RestApi api) {
        api.route(HttpMethod.GET, "/community/rooms/{room_id}/members/", this::list);
        api.route(HttpMethod.POST, "/community/rooms/{room_id}/members/", this::add);
        api.route(HttpMethod.PATCH, "/community/rooms/{room_id}/members/{user_id}/", this::changeRole);
    }

    /** {user, role, until, joined_at} by user id; banned users are listed (with until) so they can be unbanned. */
    private CompletableFuture<RestResponse> list(RestRequest request) {
        var roomId = request.uuid("room_id");
        int limit = request.limit(50);
        String cursor = request.query("cursor");
        return store.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            return RestResponse.ok(store.storage().memberships().members(roomId, cursor, limit));
        });
    }

    /** {user_id, role?} → 201 Member ({@link MemberActions#add}); the role defaults to member. */
    private CompletableFuture<RestResponse> add(RestRequest request) {
        JsonBody body = JsonBody.parse(codec, request.body());
        String userId = body.requiredUserId("user_id");
        String given = body.optionalChoice("role", ROLES);
        Role role = given == null ? Role.MEMBER : Role.fromWire(given);
        return members.add(request.principal(), request.uuid("room_id"), userId, role)
                .thenApply(RestResponse::created);
    }

    /** {role}: one of admin, moderator, trusted, member ({@link MemberActions#changeRole}) → Member. */
    private CompletableFuture<RestResponse> changeRole(RestRequest request) {
        String userId = QueryStringDecoder.decodeComponent(request.pathParams().get("user_id"));
        JsonBody body = JsonBody.parse(codec, request.body());
        if (body.has("role") && !ROLES.contains(body.optionalString("role", 64))) {
            throw JsonBody.invalid("role", "must be one of " + String.join(", ", ROLES)
                    + " (ownership is not transferred here; mutes and bans are moderation actions)");
        }
        Role role = Role.fromWire(body.requiredChoice("role", ROLES));
        return members.changeRole(request.principal(), request.uuid("room_id"), userId, role)
                .thenApply(RestResponse::ok);
    }
}
