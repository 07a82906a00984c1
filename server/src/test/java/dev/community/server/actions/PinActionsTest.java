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
import dev.community.server.room.RoomEvent;
import dev.community.storage.ModerationAction;
import dev.community.storage.RoomRecord;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Who may pin, the cap with its exact refusal, the audit entries and the events the room gets. */
class PinActionsTest extends ActionsTestBase {
    final PinActions pins = fixture.actions.pins();

    @Test
    void aModeratorPinsAndUnpinsAuditedAndTheRoomHearsOfEachChangeOnce() {
        RoomRecord room = fixture.room("pa-owner", Role.MODERATOR, "pa-mod");
        Message message = fixture.post(room, "pa-owner", "read this first");
        fixture.published.clear();

        Message pinned = get(pins.pin(user("pa-mod"), room.id(), message.id()));
        assertThat(pinned.isPinned()).isTrue();
        assertThat(pinned.id()).isEqualTo(message.id());
        get(pins.pin(user("pa-mod"), room.id(), message.id()));

        assertThat(fixture.published).singleElement().satisfies(event -> {
            assertThat(event.actorId()).isEqualTo("pa-owner");
            ServerEvent.MessagePinned e = (ServerEvent.MessagePinned) event.event();
            assertThat(e.messageId()).isEqualTo(message.id());
            assertThat(e.seq()).isEqualTo(message.seq());
            assertThat(e.pinnedBy().id()).isEqualTo("pa-mod");
            assertThat(e.pinnedAt()).isNotNull();
        });
        ModerationAction audit = fixture.trail(room).get(0);
        assertThat(audit.action()).isEqualTo("pin");
        assertThat(audit.source()).isEqualTo("admin");
        assertThat(audit.moderatorId()).isEqualTo("pa-mod");
        assertThat(audit.targetUserId()).isEqualTo("pa-owner");
        assertThat(audit.targetMessageId()).isEqualTo(message.id());
        assertThat(get(pins.list(user("pa-reader"), room.id())))
                .extracting(p -> p.message().id()).containsExactly(message.id());

        assertThat(get(pins.unpin(user("pa-mod"), room.id(), message.id())).isPinned()).isFalse();
        get(pins.unpin(user("pa-mod"), room.id(), message.id()));
        assertThat(fixture.publishedOf(ServerEvent.MessageUnpinned.class)).singleElement()
                .isEqualTo(new ServerEvent.MessageUnpinned(message.id(), message.seq(),
                        user("pa-mod").user()));
        assertThat(fixture.trail(room)).extracting(ModerationAction::action).containsExactly("unpin", "pin");
        assertThat(get(pins.list(user("pa-reader"), room.id()))).isEmpty();
    }

    @Test
    void membersAndTrustedMayNotPinStaffMay() {
        RoomRecord room = fixture.room("pr-owner", Role.TRUSTED, "pr-trusted");
        fixture.storage.memberships().join(room.id(), "pr-member", Role.MEMBER);
        Message message = fixture.post(room, "pr-owner", "hello");

        for (String who : new String[] {"pr-trusted", "pr-member", "pr-stranger"}) {
            Refusal refusal = refused(pins.pin(user(who), room.id(), message.id()));
            assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(refusal.getMessage()).isEqualTo("only the room's moderators may pin and unpin messages");
        }
        assertThat(refused(pins.unpin(user("pr-member"), room.id(), message.id())).code())
                .isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(get(pins.pin(staff("pr-staff"), room.id(), message.id())).isPinned()).isTrue();
        assertThat(get(pins.pin(user("pr-owner"), room.id(), message.id())).isPinned()).isTrue();
        assertThat(fixture.publishedOf(ServerEvent.MessagePinned.class)).hasSize(1);
    }

    @Test
    void theCapIsAConflictAndADeletedOrForeignMessageIsNotFound() {
        RoomRecord room = fixture.room("pc-owner", Role.MEMBER);
        RoomRecord other = fixture.room("pc-owner", Role.MEMBER);
        for (int i = 0; i < ActionsFixture.MAX_PINS; i++) {
            get(pins.pin(user("pc-owner"), room.id(), fixture.post(room, "pc-owner", "m" + i).id()));
        }
        Message oneTooMany = fixture.post(room, "pc-owner", "one too many");
        double before = fixture.meters.counter("community.pins.refused", "reason", "room_full").count();

        Refusal full = refused(pins.pin(user("pc-owner"), room.id(), oneTooMany.id()));
        assertThat(full.code()).isEqualTo(ErrorCode.CONFLICT);
        assertThat(full.getMessage()).isEqualTo("this room holds 3 pinned messages already; unpin one first");
        assertThat(fixture.meters.counter("community.pins.refused", "reason", "room_full").count())
                .isEqualTo(before + 1);

        Message foreign = fixture.post(other, "pc-owner", "elsewhere");
        assertThat(refused(pins.pin(user("pc-owner"), room.id(), foreign.id())).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(refused(pins.pin(user("pc-owner"), room.id(), UUID.randomUUID())).code())
                .isEqualTo(ErrorCode.NOT_FOUND);
        Message deleted = fixture.post(other, "pc-owner", "gone");
        get(fixture.actions.messages().delete(user("pc-owner"), other.id(), deleted.id()));
        Refusal gone = refused(pins.pin(user("pc-owner"), other.id(), deleted.id()));
        assertThat(gone.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(gone.getMessage()).isEqualTo("the message was deleted");
        assertThat(fixture.published.stream().map(RoomEvent::event)
                .filter(ServerEvent.MessagePinned.class::isInstance)).hasSize(ActionsFixture.MAX_PINS);
    }
}
