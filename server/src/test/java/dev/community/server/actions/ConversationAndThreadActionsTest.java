package dev.community.server.actions;

import static dev.community.server.actions.ActionsFixture.get;
import static dev.community.server.actions.ActionsFixture.refused;
import static dev.community.server.actions.ActionsFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ErrorCode;
import dev.community.protocol.Role;
import dev.community.storage.RoomRecord;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DMs and blocks hold together; a thread is started by whoever may post. */
class ConversationAndThreadActionsTest extends ActionsTestBase {
    final ConversationActions conversations = fixture.actions.conversations();

    private void seen(String... ids) {
        for (String id : ids) {
            fixture.storage.users().upsertSeen(id, id, null, 0, false);
        }
    }

    @Test
    void aDmWithSomeoneNeverSeenIsNotFoundBeforeAnyBlockIsConsidered() {
        seen("n-known");
        Refusal unknown = refused(conversations.openDm(user("n-a"), List.of("n-known", "n-ghost")));
        assertThat(unknown.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(unknown.getMessage()).isEqualTo("participant_ids: no such user: n-ghost");
        assertThat(fixture.storage.directMessages().listForUser("n-known", null, 10).results()).isEmpty();
    }

    @Test
    void aPairHasOneDirectThreadUntilOneBlocksTheOther() {
        seen("c-b", "c-c");
        var first = get(conversations.openDm(user("c-a"), List.of("c-b")));
        var again = get(conversations.openDm(user("c-b"), List.of("c-a")));
        assertThat(first.created()).isTrue();
        assertThat(again.created()).isFalse();
        assertThat(again.thread().id()).isEqualTo(first.thread().id());

        var blocked = get(conversations.block("c-b", "c-a"));
        assertThat(blocked.created()).isTrue();
        assertThat(get(conversations.block("c-b", "c-a")).created()).isFalse();
        // a new DM is a membership that began for each participant (their user streams on every node hear of it)
        assertThat(fixture.relayed).extracting(ActionsFixture.Relayed::kind, ActionsFixture.Relayed::userId,
                        ActionsFixture.Relayed::roomId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple("membership", "c-a", first.thread().id()),
                        org.assertj.core.groups.Tuple.tuple("membership", "c-b", first.thread().id()),
                        org.assertj.core.groups.Tuple.tuple("block", "c-b", null),
                        org.assertj.core.groups.Tuple.tuple("block", "c-b", null));
        Refusal direct = refused(conversations.openDm(user("c-a"), List.of("c-b")));
        assertThat(direct.code()).isEqualTo(ErrorCode.BLOCKED);
        assertThat(direct.getMessage()).isEqualTo("no conversation while one of you blocks the other");
        Refusal group = refused(conversations.openDm(user("c-a"), List.of("c-b", "c-c")));
        assertThat(group.code()).isEqualTo(ErrorCode.BLOCKED);
        assertThat(group.getMessage()).isEqualTo("no group conversation with someone who blocks you or whom you block");

        get(conversations.unblock("c-b", "c-a"));
        get(conversations.unblock("c-b", "c-a"));
        assertThat(fixture.relayed).as("only a lifted block is relayed").hasSize(5);
        assertThat(get(conversations.openDm(user("c-a"), List.of("c-b"))).created()).isFalse();
    }

    @Test
    void onlyWhoMayPostStartsAThread() {
        RoomRecord room = fixture.room("t-owner", Role.MUTED, "t-muted");
        assertThat(get(fixture.actions.threads().create(user("t-newcomer"), room.id(), "topic")).title())
                .isEqualTo("topic");
        Refusal muted = refused(fixture.actions.threads().create(user("t-muted"), room.id(), "mine"));
        assertThat(muted.code()).isEqualTo(ErrorCode.MUTED);
        assertThat(muted.getMessage()).isEqualTo("you may not post in this room now");
    }
}
