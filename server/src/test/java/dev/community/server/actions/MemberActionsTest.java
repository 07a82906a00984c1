package dev.community.server.actions;

import static dev.community.server.actions.ActionsFixture.get;
import static dev.community.server.actions.ActionsFixture.refused;
import static dev.community.server.actions.ActionsFixture.staff;
import static dev.community.server.actions.ActionsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.Visibility;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import org.junit.jupiter.api.Test;

/** Joining, leaving, adding and giving roles: who may, the exact refusals, what the room and the sessions hear. */
class MemberActionsTest extends ActionsTestBase {
    final MemberActions members = fixture.actions.members();

    @Test
    void joiningAPublicRoomMakesAMemberAndAPrivateOneIsClosed() {
        RoomRecord open = fixture.room("j-owner", Role.MEMBER);
        assertThat(get(members.join(user("j-user"), open.id())).myRole()).isEqualTo(Role.MEMBER);
        RoomRecord closed = fixture.storage.rooms().create("private", "j-" + open.id().toString().substring(0, 8),
                RoomType.CIRCLE, Visibility.PRIVATE, "j-owner", "");
        Refusal refusal = refused(members.join(user("j-user"), closed.id()));
        assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal.getMessage()).isEqualTo("you may not access this room");
    }

    @Test
    void leavingClosesMySessionsEverywhereButTheOwnerStaysAndANonMemberChangesNothing() {
        RoomRecord room = fixture.room("l-owner", Role.MEMBER, "l-member");
        get(members.leave(user("l-member"), room.id()));
        assertThat(fixture.relayed).singleElement().satisfies(relayed -> {
            assertThat(relayed.kind()).isEqualTo("membership");
            assertThat(relayed.userId()).isEqualTo("l-member");
            assertThat(relayed.carried()).as("removed").isNull();
        });
        get(members.leave(user("l-member"), room.id()));
        assertThat(fixture.relayed).hasSize(1);
        Refusal owner = refused(members.leave(user("l-owner"), room.id()));
        assertThat(owner.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(owner.getMessage()).isEqualTo("the owner cannot leave the room");
        var dm = fixture.storage.directMessages().openDirect("l-a", "l-b").thread();
        Refusal direct = refused(members.leave(user("l-a"), dm.id()));
        assertThat(direct.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(direct.getMessage()).isEqualTo("a 1:1 conversation cannot be left; block the user instead");
    }

    @Test
    void anAdminAddsWithARoleBelowTheirOwnAndTheRoomHears() {
        RoomRecord room = fixture.room("a-owner", Role.ADMIN, "a-admin");
        var added = get(members.add(user("a-admin"), room.id(), "a-new", Role.MODERATOR));
        assertThat(added.role()).isEqualTo(Role.MODERATOR);
        assertThat(fixture.publishedOf(ServerEvent.MemberUpdated.class)).singleElement()
                .satisfies(e -> assertThat(e.role()).isEqualTo(Role.MODERATOR));
        assertThat(((Membership) fixture.relayed.get(0).carried()).role()).isEqualTo(Role.MODERATOR);

        Refusal same = refused(members.add(user("a-admin"), room.id(), "a-other", Role.ADMIN));
        assertThat(same.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(same.getMessage()).isEqualTo("only an owner or admin may add members, with a role below their own");
        Refusal again = refused(members.add(user("a-owner"), room.id(), "a-new", Role.MEMBER));
        assertThat(again.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(again.getMessage()).isEqualTo("the user is a member already");
        fixture.storage.memberships().restrict(room.id(), "a-banned", Role.BANNED, null);
        Refusal banned = refused(members.add(user("a-owner"), room.id(), "a-banned", Role.MEMBER));
        assertThat(banned.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(banned.getMessage()).isEqualTo("the user is banned from this room; unban them first");
        var dm = fixture.storage.directMessages().createGroup("a-dm", java.util.List.of("a-x", "a-y"));
        Refusal direct = refused(members.add(user("a-dm"), dm.id(), "a-z", Role.MEMBER));
        assertThat(direct.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(direct.getMessage()).isEqualTo("a DM thread's participants are fixed");
    }

    @Test
    void rolesAreGivenOnlyToMembersBelowAndOnlyBelowOnesOwn() {
        RoomRecord room = fixture.room("r-owner", Role.ADMIN, "r-admin", "r-admin2");
        fixture.storage.memberships().join(room.id(), "r-member", Role.MEMBER);
        assertThat(get(members.changeRole(user("r-admin"), room.id(), "r-member", Role.TRUSTED)).role())
                .isEqualTo(Role.TRUSTED);
        Refusal peer = refused(members.changeRole(user("r-admin"), room.id(), "r-admin2", Role.MEMBER));
        assertThat(peer.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(peer.getMessage()).isEqualTo(
                "only an owner or admin may change roles of members below them, to roles below their own");
        Refusal missing = refused(members.changeRole(staff("r-staff"), room.id(), "r-nobody", Role.MEMBER));
        assertThat(missing.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(missing.getMessage()).isEqualTo("no such member in this room");
        assertThat(get(members.changeRole(staff("r-staff"), room.id(), "r-admin2", Role.MODERATOR)).role())
                .isEqualTo(Role.MODERATOR);
    }
}
