package dev.community.server.actions;

import static dev.community.server.actions.ActionsFixture.get;
import static dev.community.server.actions.ActionsFixture.refused;
import static dev.community.server.actions.ActionsFixture.staff;
import static dev.community.server.actions.ActionsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.ServerEvent;
import dev.community.storage.Membership;
import dev.community.storage.ModerationAction;
import dev.community.storage.RoomRecord;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who may moderate whom, with the exact refusals; each action's audit entry, its member_updated to the room and
 * the membership handed to every node's sessions.
 */
class ModerationActionsTest extends ActionsTestBase {
    final ModerationActions moderation = fixture.actions.moderation();

    static ModerationRequest onUser(ModerationKind kind, String userId, Duration duration) {
        return new ModerationRequest(kind, userId, null, null, "because", duration);
    }

    @Test
    void aModeratorMutesForAWhileAndEveryNodesSessionsTakeIt() {
        RoomRecord room = fixture.room("mu-owner", Role.MEMBER, "mu-member");
        fixture.storage.memberships().join(room.id(), "mu-mod", Role.MODERATOR);
        ModerationAction action = get(moderation.act(user("mu-mod"), room.id(),
                onUser(ModerationKind.MUTE, "mu-member", Duration.ofMinutes(10))));
        assertThat(action.action()).isEqualTo("mute");
        assertThat(action.source()).isEqualTo("admin");
        assertThat(action.moderatorId()).isEqualTo("mu-mod");
        assertThat(action.targetUserId()).isEqualTo("mu-member");
        assertThat(action.reason()).isEqualTo("because");
        assertThat(action.durationSeconds()).isEqualTo(600);
        ServerEvent.MemberUpdated updated = fixture.publishedOf(ServerEvent.MemberUpdated.class).get(0);
        assertThat(updated.user().id()).isEqualTo("mu-member");
        assertThat(updated.role()).isEqualTo(Role.MUTED);
        assertThat(updated.until()).isNotNull();
        assertThat(fixture.relayed).singleElement().satisfies(relayed -> {
            assertThat(relayed.kind()).isEqualTo("membership");
            assertThat(((Membership) relayed.carried()).role()).isEqualTo(Role.MUTED);
        });

        get(moderation.act(user("mu-mod"), room.id(), onUser(ModerationKind.UNMUTE, "mu-member", null)));
        assertThat(fixture.publishedOf(ServerEvent.MemberUpdated.class).get(1).role()).isEqualTo(Role.MEMBER);
        Refusal again = refused(moderation.act(user("mu-mod"), room.id(), onUser(ModerationKind.UNMUTE, "mu-member", null)));
        assertThat(again.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(again.getMessage()).isEqualTo("the user is not muted");
    }

    @Test
    void aBanIsAnnouncedAndAnUnbanLeavesNoMember() {
        RoomRecord room = fixture.room("b-owner", Role.MEMBER, "b-member");
        get(moderation.act(user("b-owner"), room.id(), onUser(ModerationKind.BAN, "b-member", null)));
        Refusal mute = refused(moderation.act(user("b-owner"), room.id(), onUser(ModerationKind.MUTE, "b-member", null)));
        assertThat(mute.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(mute.getMessage()).isEqualTo("the user is banned; a mute would lift the ban");
        get(moderation.act(user("b-owner"), room.id(), onUser(ModerationKind.UNBAN, "b-member", null)));
        assertThat(fixture.publishedOf(ServerEvent.MemberUpdated.class)).extracting(ServerEvent.MemberUpdated::role)
                .containsExactly(Role.BANNED, null);
        Refusal unban = refused(moderation.act(user("b-owner"), room.id(), onUser(ModerationKind.UNBAN, "b-member", null)));
        assertThat(unban.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(unban.getMessage()).isEqualTo("the user is not banned");
    }

    @Test
    void onlyModeratorsModerateAndNobodyActsOnAnEqualOrHigherRoleNorOnTheOwner() {
        RoomRecord room = fixture.room("o-owner", Role.MODERATOR, "o-mod", "o-mod2");
        fixture.storage.memberships().join(room.id(), "o-member", Role.MEMBER);
        Refusal member = refused(moderation.act(user("o-member"), room.id(), onUser(ModerationKind.WARN, "o-mod", null)));
        assertThat(member.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(member.getMessage()).isEqualTo("only the room's moderators may moderate it");
        for (var attempt : java.util.List.of(
                moderation.act(user("o-mod"), room.id(), onUser(ModerationKind.MUTE, "o-mod2", null)),
                moderation.act(user("o-mod"), room.id(), onUser(ModerationKind.BAN, "o-owner", null)),
                moderation.act(staff("o-staff"), room.id(), onUser(ModerationKind.WARN, "o-owner", null)))) {
            Refusal refusal = refused(attempt);
            assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refusal.getMessage()).isEqualTo(
                    "you may not act on a user: nobody acts on an equal or higher role, nor on the owner");
        }
        assertThat(fixture.published).isEmpty();
        assertThat(fixture.trail(room)).isEmpty();
    }

    @Test
    void aHiddenMessageIsAuditedWithItsReasonAndAnotherRoomsMessageIsNotFound() {
        RoomRecord room = fixture.room("hm-owner", Role.MEMBER, "hm-author");
        RoomRecord other = fixture.room("hm-owner", Role.MEMBER);
        Message posted = fixture.post(room, "hm-author", "too much");
        ModerationAction hidden = get(moderation.act(user("hm-owner"), room.id(),
                new ModerationRequest(ModerationKind.HIDE, null, posted.id(), null, "spoilers", null)));
        assertThat(hidden.action()).isEqualTo("hide");
        assertThat(hidden.targetMessageId()).isEqualTo(posted.id());
        assertThat(hidden.targetUserId()).isEqualTo("hm-author");
        assertThat(hidden.reason()).isEqualTo("spoilers");
        assertThat(fixture.publishedOf(ServerEvent.MessageUpdated.class)).hasSize(1);
        Refusal elsewhere = refused(moderation.act(user("hm-owner"), other.id(),
                new ModerationRequest(ModerationKind.DELETE, null, posted.id(), null, "", null)));
        assertThat(elsewhere.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(elsewhere.getMessage()).isEqualTo("no such message in this room");
    }

    @Test
    void aThreadOfThisRoomIsLockedAndAnotherRoomsIsNotFound() {
        RoomRecord room = fixture.room("t-owner", Role.MEMBER);
        RoomRecord other = fixture.room("t-owner", Role.MEMBER);
        var thread = fixture.storage.threads().create(room.id(), "topic", "t-owner");
        ModerationAction locked = get(moderation.act(user("t-owner"), room.id(),
                new ModerationRequest(ModerationKind.LOCK, null, null, thread.id(), "", null)));
        assertThat(locked.targetThreadId()).isEqualTo(thread.id());
        assertThat(fixture.storage.threads().find(thread.id()).orElseThrow().locked()).isTrue();
        Refusal elsewhere = refused(moderation.act(user("t-owner"), other.id(),
                new ModerationRequest(ModerationKind.UNLOCK, null, null, thread.id(), "", null)));
        assertThat(elsewhere.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(elsewhere.getMessage()).isEqualTo("no such thread in this room");
    }

    @Test
    void theTrailIsForModeratorsAndAQueueItemOfAnotherRoomReadsAsMissing() {
        RoomRecord room = fixture.room("q-owner", Role.MEMBER, "q-member");
        Message posted = fixture.post(room, "q-member", "flag me");
        var item = fixture.storage.moderation().flagForReview(room.id(), posted.id(), "ai", "test").orElseThrow();
        Refusal trail = refused(moderation.trail(user("q-member"), room.id(), null, 10));
        assertThat(trail.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(trail.getMessage()).isEqualTo("only the room's moderators may read its audit trail");
        Refusal review = refused(moderation.review(user("q-member"), item.id(), "dismissed"));
        assertThat(review.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(review.getMessage()).isEqualTo("no such item in your review queue");
        assertThat(refused(moderation.review(user("q-owner"), UUID.randomUUID(), "dismissed")).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(get(moderation.review(user("q-owner"), item.id(), "dismissed")).status()).isEqualTo("dismissed");
    }
}
