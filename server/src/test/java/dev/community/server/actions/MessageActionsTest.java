package dev.community.server.actions;

import static dev.community.server.actions.ActionsFixture.get;
import static dev.community.server.actions.ActionsFixture.refused;
import static dev.community.server.actions.ActionsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.ServerEvent;
import dev.community.storage.RoomRecord;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may send, edit, delete, hide and unhide a message, with the exact refusals, and what the room is told. */
class MessageActionsTest extends ActionsTestBase {
    final MessageActions messages = fixture.actions.messages();

    @Test
    void postingJoinsAPublicRoomAndAResentClientIdIsADuplicate() {
        RoomRecord room = fixture.room("p-owner", Role.MEMBER);
        var frame = ActionsFixture.frame("hello");
        MessageOutcome first = get(messages.post(user("p-newcomer"), room.id(), frame));
        MessageOutcome again = get(messages.post(user("p-newcomer"), room.id(), frame));
        assertThat(first.duplicate()).isFalse();
        assertThat(first.seesHidden()).isFalse();
        assertThat(again.duplicate()).isTrue();
        assertThat(again.message().id()).isEqualTo(first.message().id());
        assertThat(fixture.storage.memberships().find(room.id(), "p-newcomer")).hasValueSatisfying(
                m -> assertThat(m.role()).isEqualTo(Role.MEMBER));
    }

    @Test
    void aMutedMemberMayNotPost() {
        RoomRecord room = fixture.room("pm-owner", Role.MUTED, "pm-muted");
        Refusal refusal = refused(messages.post(user("pm-muted"), room.id(), ActionsFixture.frame("hi")));
        assertThat(refusal.code()).isEqualTo(ErrorCode.MUTED);
        assertThat(refusal.getMessage()).isEqualTo("you are muted in this room");
    }

    @Test
    void theAuthorEditsAndTheRoomIsTold() {
        RoomRecord room = fixture.room("e-owner", Role.MEMBER, "e-author");
        Message posted = fixture.post(room, "e-author", "first");
        MessageOutcome edited = get(messages.edit(user("e-author"), room.id(), posted.id(), "second"));
        assertThat(edited.message().content()).isEqualTo("second");
        assertThat(edited.message().editedAt()).isNotNull();
        assertThat(fixture.publishedOf(ServerEvent.MessageUpdated.class))
                .singleElement().satisfies(e -> assertThat(e.message().content()).isEqualTo("second"));
    }

    @Test
    void onlyTheAuthorEditsAndOnlyWhileTheyMayPost() {
        RoomRecord room = fixture.room("eo-owner", Role.MEMBER, "eo-author", "eo-other");
        Message posted = fixture.post(room, "eo-author", "mine");
        Refusal other = refused(messages.edit(user("eo-other"), room.id(), posted.id(), "theirs"));
        assertThat(other.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(other.getMessage()).isEqualTo("only the author may edit a message");
        Refusal owner = refused(messages.edit(user("eo-owner"), room.id(), posted.id(), "the owner's"));
        assertThat(owner.code()).as("not even the owner").isEqualTo(ErrorCode.FORBIDDEN);

        fixture.storage.memberships().restrict(room.id(), "eo-author", Role.MUTED, null);
        Refusal muted = refused(messages.edit(user("eo-author"), room.id(), posted.id(), "while muted"));
        assertThat(muted.code()).isEqualTo(ErrorCode.MUTED);
        assertThat(muted.getMessage()).isEqualTo("you may not post in this room now");
        assertThat(fixture.published).isEmpty();
    }

    @Test
    void anEditRefusedByContentModerationIsAudited() {
        RoomRecord room = fixture.room("er-owner", Role.MEMBER, "er-author");
        Message posted = fixture.post(room, "er-author", "fine");
        Refusal refusal = refused(messages.edit(user("er-author"), room.id(), posted.id(),
                "now a " + ActionsFixture.REJECTED_WORD));
        assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal.getMessage()).isEqualTo("the edit was refused by content moderation: a word on the list");
        assertThat(fixture.trail(room)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("reject");
            assertThat(a.source()).isEqualTo("ai");
            assertThat(a.targetMessageId()).isEqualTo(posted.id());
        });
        assertThat(fixture.published).isEmpty();
    }

    @Test
    void aMessageIsFoundOnlyInItsOwnRoomAndNotOnceDeleted() {
        RoomRecord room = fixture.room("n-owner", Role.MEMBER, "n-author");
        RoomRecord other = fixture.room("n-author", Role.MEMBER);
        Message posted = fixture.post(room, "n-author", "here");
        Refusal elsewhere = refused(messages.edit(user("n-author"), other.id(), posted.id(), "there"));
        assertThat(elsewhere.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(elsewhere.getMessage()).isEqualTo("no such message in this room");
        get(messages.delete(user("n-author"), room.id(), posted.id()));
        Refusal deleted = refused(messages.edit(user("n-author"), room.id(), posted.id(), "back"));
        assertThat(deleted.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(deleted.getMessage()).isEqualTo("the message was deleted");
        Refusal unknown = refused(messages.delete(user("n-author"), room.id(), UUID.randomUUID()));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
    }

    @Test
    void theAuthorDeletesWithoutAnAuditEntryAndAgainChangesNothing() {
        RoomRecord room = fixture.room("d-owner", Role.MEMBER, "d-author");
        Message posted = fixture.post(room, "d-author", "bye");
        get(messages.delete(user("d-author"), room.id(), posted.id()));
        get(messages.delete(user("d-author"), room.id(), posted.id()));
        assertThat(fixture.publishedOf(ServerEvent.MessageDeleted.class)).singleElement()
                .satisfies(e -> assertThat(e.messageId()).isEqualTo(posted.id()));
        assertThat(fixture.trail(room)).isEmpty();
    }

    @Test
    void aModeratorDeletesTheMessageOfSomeoneBelowThemAndIsAudited() {
        RoomRecord room = fixture.room("dm-owner", Role.MEMBER, "dm-author");
        fixture.storage.memberships().join(room.id(), "dm-mod", Role.MODERATOR);
        Message posted = fixture.post(room, "dm-author", "rude");
        get(messages.delete(user("dm-mod"), room.id(), posted.id()));
        assertThat(fixture.trail(room)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("delete");
            assertThat(a.source()).isEqualTo("admin");
            assertThat(a.moderatorId()).isEqualTo("dm-mod");
            assertThat(a.targetUserId()).isEqualTo("dm-author");
        });
    }

    @Test
    void nobodyDeletesTheMessageOfAnEqualOrHigherRole() {
        RoomRecord room = fixture.room("dr-owner", Role.MODERATOR, "dr-mod", "dr-mod2");
        fixture.storage.memberships().join(room.id(), "dr-member", Role.MEMBER);
        Message byMod = fixture.post(room, "dr-mod", "a moderator's");
        Message byOwner = fixture.post(room, "dr-owner", "the owner's");
        Message byMember = fixture.post(room, "dr-member", "a member's");
        for (var attempt : java.util.List.of(
                messages.delete(user("dr-mod2"), room.id(), byMod.id()),
                messages.delete(ActionsFixture.staff("dr-staff"), room.id(), byOwner.id()),
                messages.delete(user("dr-member"), room.id(), byOwner.id()),
                messages.delete(user("dr-member2"), room.id(), byMember.id()))) {
            Refusal refusal = refused(attempt);
            assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refusal.getMessage()).isEqualTo("only the author or a moderator above them may delete it");
        }
        assertThat(fixture.published).isEmpty();
    }

    @Test
    void aModeratorHidesAndUnhidesAndTheRoomSeesItRedacted() {
        RoomRecord room = fixture.room("h-owner", Role.MEMBER, "h-author");
        fixture.storage.memberships().join(room.id(), "h-mod", Role.MODERATOR);
        Message posted = fixture.post(room, "h-author", "spoiler");
        var loaded = fixture.actions.access().load(user("h-mod"), room.id());
        messages.moderate(loaded, posted.id(), ModerationKind.HIDE);
        var hidden = fixture.published.get(0);
        assertThat(((ServerEvent.MessageUpdated) hidden.event()).message().content()).isEmpty();
        assertThat(((ServerEvent.MessageUpdated) hidden.forModerators()).message().content()).isEqualTo("spoiler");
        messages.moderate(loaded, posted.id(), ModerationKind.UNHIDE);
        assertThat(((ServerEvent.MessageUpdated) fixture.published.get(1).event()).message().content())
                .isEqualTo("spoiler");
    }

    @Test
    void aDeletedMessageIsNeitherHiddenNorShownAgainAndAnAdminsMessageNotByAModerator() {
        RoomRecord room = fixture.room("hc-owner", Role.ADMIN, "hc-admin");
        fixture.storage.memberships().join(room.id(), "hc-mod", Role.MODERATOR);
        Message byAdmin = fixture.post(room, "hc-admin", "admin's");
        var loaded = fixture.actions.access().load(user("hc-mod"), room.id());
        Refusal outranked = org.junit.jupiter.api.Assertions.assertThrows(Refusal.class,
                () -> messages.moderate(loaded, byAdmin.id(), ModerationKind.HIDE));
        assertThat(outranked.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(outranked.getMessage()).isEqualTo("you may not act on this message's author: nobody acts on an"
                + " equal or higher role, nor on the owner");

        var asAdmin = fixture.actions.access().load(user("hc-owner"), room.id());
        messages.moderate(asAdmin, byAdmin.id(), ModerationKind.DELETE);
        Refusal deleted = org.junit.jupiter.api.Assertions.assertThrows(Refusal.class,
                () -> messages.moderate(asAdmin, byAdmin.id(), ModerationKind.HIDE));
        assertThat(deleted.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(deleted.getMessage()).isEqualTo("the message is deleted");
    }
}
