package dev.community.server.actions;

import static dev.community.server.actions.ActionsFixture.get;
import static dev.community.server.actions.ActionsFixture.refused;
import static dev.community.server.actions.ActionsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.storage.RoomRecord;
import org.junit.jupiter.api.Test;

/** A member's read marker moves up only, and the member's connections on every node are told. */
class ReadMarksTest extends ActionsTestBase {

    @Test
    void aMemberMarksAndEveryNodeHearsReadUpdated() {
        RoomRecord room = fixture.room("rm-owner", Role.MEMBER, "rm-reader");
        fixture.post(room, "rm-owner", "one");
        fixture.post(room, "rm-owner", "two");
        fixture.relayed.clear();
        var marker = get(fixture.actions.readMarks().mark(user("rm-reader"), room.id(), 1));
        assertThat(marker.lastReadSeq()).isEqualTo(1);
        assertThat(marker.unreadCount()).isEqualTo(1);
        var back = get(fixture.actions.readMarks().mark(user("rm-reader"), room.id(), 0));
        assertThat(back.lastReadSeq()).as("never back").isEqualTo(1);
        assertThat(fixture.relayed).hasSize(2).allSatisfy(relayed -> {
            assertThat(relayed.kind()).isEqualTo("read");
            assertThat(relayed.userId()).isEqualTo("rm-reader");
            assertThat((String) relayed.carried()).contains("\"event\":\"read_updated\"", "\"last_read_seq\":1",
                    "\"unread_count\":1");
        });
    }

    @Test
    void someoneWhoOnlyReadsAPublicRoomHasNoMarker() {
        RoomRecord room = fixture.room("rn-owner", Role.MEMBER);
        fixture.relayed.clear();
        Refusal refusal = refused(fixture.actions.readMarks().mark(user("rn-visitor"), room.id(), 1));
        assertThat(refusal.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(refusal.getMessage()).isEqualTo("you are not a member of this room");
        assertThat(fixture.relayed).isEmpty();
    }
}
