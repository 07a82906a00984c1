package dev.community.server.rest;

import dev.community.server.actions.LiveChanges;
import dev.community.server.actions.RoomAccess;
import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.protocol.User;
import dev.community.protocol.UserIds;
import dev.community.server.ServerContext;
import dev.community.server.permission.Permissions;
import dev.community.storage.Membership;
import dev.community.storage.MembershipRepository.Member;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

/**
 * A room's members: the list (anyone who may open the room), adding someone (private circles above all) and
 * changing a role (the owner, an admin or staff, giving only roles below one's own to members below one's own).
 * Mutes and bans are moderation actions, not roles given here.
 */
final class MemberEndpoints {
    /** The roles given here, by wire name, most powerful first (ownership and restrictions are not). */
    static final List<String> ROLES = Stream.of(Role.values()).filter(Role.ASSIGNABLE::contains).map(Role::wire).toList();

    private final ServerContext app;
    private final RoomAccess access;
    private final LiveChanges live;

    MemberEndpoints(ServerContext app, RoomAccess access, LiveChanges live) {
        this.app = app;
        this.access = access;
        this.live = live;
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
        return app.blocking().supply(() -> {
            access.load(request.principal(), roomId);
            return RestResponse.ok(app.storage().memberships().members(roomId, cursor, limit));
        });
    }

    /**
     * {user_id, role?}: makes the user a member with the role (default member). 409 when they are a member
     * already or banned; DM participants are fixed when the thread is created (403).
     */
    private CompletableFuture<RestResponse> add(RestRequest request) {
        var roomId = request.uuid("room_id");
        JsonBody body = JsonBody.parse(app.codec(), request.body());
        String userId = body.requiredUserId("user_id");
        String given = body.optionalChoice("role", ROLES);
        Role role = given == null ? Role.MEMBER : Role.fromWire(given);
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            if (loaded.isDm()) {
                throw new Refusal(ErrorCode.FORBIDDEN, "a DM thread's participants are fixed");
            }
            Permissions.canAssignRole(loaded.membership(), request.principal(), null, role, loaded.now())
                    .ifPresent(code -> {
                        throw new Refusal(code, "only an owner or admin may add members, with a role below their own");
                    });
            Optional<Membership> existing = app.storage().memberships().find(roomId, userId);
            if (existing.isPresent() && existing.get().isBanned(loaded.now())) {
                throw new Refusal(ErrorCode.CONFLICT, "the user is banned from this room; unban them first");
            }
            if (existing.isPresent() && existing.get().isMember()) {
                throw new Refusal(ErrorCode.CONFLICT, "the user is a member already");
            }
            Membership joined = app.storage().memberships().join(roomId, userId, role);
            // back after leaving: join keeps their old role (or a mute waiting for them); the new role wins over
            // the old one, never over the mute
            if (role != joined.role() && joined.role() != Role.MUTED) {
                joined = app.storage().memberships().setRole(roomId, userId, role).orElse(joined);
            }
            User user = user(userId);
            Role shownRole = joined.effectiveRole(loaded.now());
            java.time.Instant until = untilOf(joined, loaded.now());
            live.memberUpdated(roomId, user, shownRole, until, joined);
            return RestResponse.created(new Member(user, shownRole, until, joined.joinedAt()));
        });
    }

    /** {role}: one of admin, moderator, trusted, member; the member must be in the room (404 otherwise). */
    private CompletableFuture<RestResponse> changeRole(RestRequest request) {
        var roomId = request.uuid("room_id");
        String userId = QueryStringDecoder.decodeComponent(request.pathParams().get("user_id"));
        JsonBody body = JsonBody.parse(app.codec(), request.body());
        if (body.has("role") && !ROLES.contains(body.optionalString("role", 64))) {
            throw JsonBody.invalid("role", "must be one of " + String.join(", ", ROLES)
                    + " (ownership is not transferred here; mutes and bans are moderation actions)");
        }
        Role role = Role.fromWire(body.requiredChoice("role", ROLES));
        return app.blocking().supply(() -> {
            var loaded = access.load(request.principal(), roomId);
            Optional<Membership> target = UserIds.isValid(userId)
                    ? app.storage().memberships().find(roomId, userId) : Optional.empty();
            if (target.isEmpty() || !target.get().isMember()) {
                throw new Refusal(ErrorCode.NOT_FOUND, "no such member in this room");
            }
            Permissions.canAssignRole(loaded.membership(), request.principal(), target.get().effectiveRole(loaded.now()),
                    role, loaded.now()).ifPresent(code -> {
                        throw new Refusal(code, "only an owner or admin may change roles of members below them,"
                                + " to roles below their own");
                    });
            Membership updated = app.storage().memberships().setRole(roomId, userId, role)
                    .orElseThrow(() -> new Refusal(ErrorCode.NOT_FOUND, "no such member in this room"));
            User user = user(userId);
            live.memberUpdated(roomId, user, updated.role(), null, updated);
            return RestResponse.ok(new Member(user, updated.role(), null, updated.joinedAt()));
        });
    }

    private User user(String userId) {
        return app.storage().users().find(userId).map(u -> u.toWire()).orElse(new User(userId, userId));
    }

    /** The end of the mute or ban in force at {@code now}; null when none is (or it is permanent). */
    static java.time.Instant untilOf(Membership m, java.time.Instant now) {
        if (m.isMuted(now)) {
            return m.mutedUntil();
        }
        return m.isBanned(now) ? m.bannedUntil() : null;
    }
}
