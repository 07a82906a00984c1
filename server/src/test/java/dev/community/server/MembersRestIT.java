package dev.community.server;

import static dev.community.server.support.Fixtures.staffToken;
import static dev.community.server.support.Fixtures.token;
import static dev.community.server.support.Fixtures.uid;
import static dev.community.server.support.WsClient.roomPath;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.support.Api;
import dev.community.server.support.Fixtures;
import dev.community.server.support.SharedServerBase;
import dev.community.server.support.WsClient;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** PROTOCOL.md §3 members: the list, adding someone to a private circle, changing roles (owner or admins). */
class MembersRestIT extends SharedServerBase {
    static String members(UUID room) {
        return "/community/rooms/" + room + "/members/";
    }

    static String roleOf(UUID room, String user) {
        return fx.storage().memberships().find(room, user).map(m -> m.effectiveRole(Instant.now())).map(Role::wire)
                .orElse(null);
    }

    @Test
    void theListShowsEachMembersRoleRestrictionAndJoinTime() {
        String owner = uid("a-owner");
        UUID room = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        String muted = uid("b-muted");
        fx.member(room, muted, "trusted");
        Instant until = Instant.now().plusSeconds(3600);
        fx.storage().memberships().restrict(room, muted, Role.MUTED, until);

        var response = api.get(members(room) + "?limit=1", token(owner));
        assertThat(response.status()).isEqualTo(200);
        JsonNode first = response.json().path("results").get(0);
        assertThat(first.path("user").path("id").asText()).isEqualTo(owner);
        assertThat(first.path("role").asText()).isEqualTo("owner");
        assertThat(first.path("until").isNull()).isTrue();
        assertThat(first.path("joined_at").asText()).isNotEmpty();
        JsonNode second = api.get(members(room) + "?limit=1&cursor=" + response.json().path("next_cursor").asText(),
                token(owner)).json().path("results").get(0);
        assertThat(second.path("role").asText()).isEqualTo("muted");
        assertThat(Instant.parse(second.path("until").asText())).isCloseTo(until, org.assertj.core.api.Assertions.within(
                1, java.time.temporal.ChronoUnit.SECONDS));
        assertThat(api.get(members(room), token(uid("outsider"))).status()).as("a private circle's members")
                .isEqualTo(403);
    }

    // ------------------------------------------------------------------------------------------------- add

    /** Staff, too, stay out of private circles they are not in (who may open the room is decided first). */
    @ParameterizedTest(name = "{0} adds a {1} -> {2}")
    @CsvSource({
            "owner, member, 201", "owner, admin, 201", "admin, moderator, 201", "admin, admin, 403",
            "admin, member, 201", "moderator, member, 403", "member, member, 403", "staff, admin, 403"})
    void ownersAndAdminsAddMembersWithRolesBelowTheirOwn(String actorRole, String role, int expected) {
        String owner = uid("owner");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        String actor = switch (actorRole) {
            case "owner" -> owner;
            case "staff" -> uid("staff");
            default -> {
                String user = uid(actorRole);
                fx.member(circle, user, actorRole);
                yield user;
            }
        };
        String token = actorRole.equals("staff") ? staffToken(actor) : token(actor);
        String newcomer = uid("newcomer");
        var body = "{\"user_id\":\"" + newcomer + "\",\"role\":\"" + role + "\"}";

        var response = api.post(members(circle), token, body);

        assertThat(response.status()).isEqualTo(expected);
        if (expected == 201) {
            assertThat(response.json().path("user").path("id").asText()).isEqualTo(newcomer);
            assertThat(response.json().path("role").asText()).isEqualTo(role);
            assertThat(api.get("/community/rooms/" + circle + "/", token(newcomer)).json().path("my_role").asText())
                    .isEqualTo(role);
        } else {
            assertThat(response.errorCode()).isEqualTo("forbidden");
            assertThat(roleOf(circle, newcomer)).isNull();
            assertThat(api.get("/community/rooms/" + circle + "/", token(newcomer)).status()).isEqualTo(403);
        }
    }

    @Test
    void addingSomeoneAlreadyThereOrBannedIsAConflictAndDmsAreClosed() {
        String owner = uid("owner");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        String member = uid("member");
        fx.member(circle, member, "member");
        String banned = uid("banned");
        fx.storage().memberships().restrict(circle, banned, Role.BANNED, null);

        assertThat(api.post(members(circle), token(owner), "{\"user_id\":\"" + member + "\"}").status()).isEqualTo(409);
        assertThat(api.post(members(circle), token(owner), "{\"user_id\":\"" + banned + "\"}").status()).isEqualTo(409);
        assertThat(roleOf(circle, banned)).isEqualTo("banned");
        assertThat(api.post(members(circle), token(owner), "{\"user_id\":\"bad id!\"}").status()).isEqualTo(400);
        assertThat(api.post(members(circle), token(owner), "{\"user_id\":\"x\",\"role\":\"owner\"}").status())
                .isEqualTo(400);
        UUID dm = fx.storage().directMessages().openDirect(owner, member).thread().id();
        assertThat(api.post(members(dm), token(owner), "{\"user_id\":\"" + uid("third") + "\"}").status()).isEqualTo(403);
    }

    @Test
    void someoneAddedBackAfterLeavingTakesTheNewRole() {
        String owner = uid("owner");
        UUID circle = fx.room(owner, RoomType.CIRCLE, Visibility.PRIVATE);
        String user = uid("returning");
        fx.member(circle, user, "admin");
        fx.storage().memberships().leave(circle, user);
        var response = api.post(members(circle), token(owner), "{\"user_id\":\"" + user + "\",\"role\":\"trusted\"}");
        assertThat(response.status()).isEqualTo(201);
        assertThat(roleOf(circle, user)).isEqualTo("trusted");
    }

    // ------------------------------------------------------------------------------------------ change role

    @ParameterizedTest(name = "{0} makes a {1} a {2} -> {3}")
    @CsvSource({
            "owner,     member,    moderator, 200", "owner,     admin,     member,    200",
            "admin,     member,    moderator, 200", "admin,     moderator, trusted,   200",
            "admin,     member,    admin,     403", "admin,     admin,     member,    403",
            "moderator, member,    trusted,   403", "member,    member,    trusted,   403",
            "staff,     admin,     member,    200", "staff,     owner,     admin,     403",
            "admin,     self,      member,    403"})
    void rolesChangeOnlyDownwardFromTheActor(String actorRole, String targetRole, String newRole, int expected) {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String actor = switch (actorRole) {
            case "owner" -> owner;
            case "staff" -> uid("staff");
            default -> {
                String user = uid(actorRole);
                fx.member(room, user, actorRole);
                yield user;
            }
        };
        String target = switch (targetRole) {
            case "owner" -> owner;
            case "self" -> actor;
            default -> {
                String user = uid(targetRole);
                fx.member(room, user, targetRole);
                yield user;
            }
        };
        String before = roleOf(room, target);
        String token = actorRole.equals("staff") ? staffToken(actor) : token(actor);

        var response = api.patch(members(room) + target + "/", token, "{\"role\":\"" + newRole + "\"}");

        assertThat(response.status()).isEqualTo(expected);
        assertThat(roleOf(room, target)).isEqualTo(expected == 200 ? newRole : before);
        if (expected == 200) {
            assertThat(response.json().path("role").asText()).isEqualTo(newRole);
            assertThat(response.json().path("user").path("id").asText()).isEqualTo(target);
        } else {
            assertThat(response.errorCode()).isEqualTo("forbidden");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"role\":\"owner\"}", "{\"role\":\"banned\"}", "{\"role\":\"muted\"}", "{}",
            "{\"role\":1}"})
    void onlyAssignableRolesAreAccepted(String body) {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String member = uid("member");
        fx.member(room, member, "member");
        var response = api.patch(members(room) + member + "/", token(owner), body);
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.errorCode()).isEqualTo("invalid_payload");
        assertThat(roleOf(room, member)).isEqualTo("member");
    }

    @Test
    void aRoleChangeOfSomeoneNotInTheRoomIsNotFound() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        UUID other = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String elsewhere = uid("elsewhere");
        fx.member(other, elsewhere, "member");
        assertThat(api.patch(members(room) + elsewhere + "/", token(owner), "{\"role\":\"trusted\"}").status())
                .isEqualTo(404);
        assertThat(api.patch(members(room) + "no%20such/", token(owner), "{\"role\":\"trusted\"}").status())
                .isEqualTo(404);
        assertThat(roleOf(other, elsewhere)).isEqualTo("member");
        String mailLike = "ann@example.org";
        fx.member(room, mailLike, "member");
        assertThat(api.patch(members(room) + "ann%40example.org/", token(owner), "{\"role\":\"trusted\"}").status())
                .as("a percent-encoded user id in the path").isEqualTo(200);
        assertThat(roleOf(room, mailLike)).isEqualTo("trusted");
    }

    @Test
    void aPromotionReachesTheRoomAndThePromotedSocketAtOnce() {
        String owner = uid("owner");
        UUID room = fx.room(owner, RoomType.FORUM, Visibility.PUBLIC);
        String member = uid("member");
        fx.member(room, member, "member");
        Message m = fx.message(room, uid("author"), "visible to moderators only");
        fx.storage().messageEdits().setHidden(room, m.id(), true);
        try (WsClient promoted = WsClient.connect(server, member, roomPath(room));
             WsClient watcher = WsClient.connect(server, uid("watcher"), roomPath(room))) {
            assertThat(promoted.next("room_state").path("messages").get(0).path("content").asText()).isEmpty();
            watcher.next("room_state");

            assertThat(api.patch(members(room) + member + "/", token(owner), "{\"role\":\"moderator\"}").status())
                    .isEqualTo(200);

            JsonNode update = watcher.next("member_updated");
            assertThat(update.path("user").path("id").asText()).isEqualTo(member);
            assertThat(update.path("role").asText()).isEqualTo("moderator");
            promoted.next("member_updated");
            fx.storage().messageEdits().setHidden(room, m.id(), false);
            var hide = api.post("/community/rooms/" + room + "/moderation/", token(owner),
                    "{\"action\":\"hide\",\"message_id\":\"" + m.id() + "\"}");
            assertThat(hide.status()).isEqualTo(201);
            assertThat(promoted.next("message_updated").path("message").path("content").asText())
                    .as("the session sees as a moderator now").isEqualTo("visible to moderators only");
        }
        List<String> roles = api.get(members(room), token(owner)).json().path("results").findValuesAsText("role");
        assertThat(roles).contains("moderator");
    }
}
