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
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Who may react and report, with the exact refusals; only a change of the counts goes out to the room. */
class ReactionAndReportActionsTest extends ActionsTestBase {
    final ReactionActions reactions = fixture.actions.reactions();
    final ReportActions reports = fixture.actions.reports();

    @Test
    void aReactionJoinsThePublicRoomCountsOnceAndGoesOutOnlyWhenItChanges() {
        RoomRecord room = fixture.room("r-owner", Role.MEMBER, "r-author");
        Message posted = fixture.post(room, "r-author", "react to me");
        fixture.published.clear();
        assertThat(get(reactions.react(user("r-fan"), room.id(), posted.id(), "👍"))).isEqualTo(Map.of("👍", 1));
        assertThat(get(reactions.react(user("r-fan"), room.id(), posted.id(), "👍"))).isEqualTo(Map.of("👍", 1));
        assertThat(fixture.storage.memberships().find(room.id(), "r-fan")).isPresent();
        assertThat(get(reactions.unreact(user("r-fan"), room.id(), posted.id(), "👍"))).isEmpty();
        assertThat(get(reactions.unreact(user("r-fan"), room.id(), posted.id(), "👍"))).isEmpty();
        assertThat(fixture.publishedOf(ServerEvent.ReactionsUpdated.class)).extracting(ServerEvent.ReactionsUpdated::reactionCounts)
                .containsExactly(Map.of("👍", 1), Map.of());
    }

    @Test
    void theMutedTheBlockedAndTheHiddenGetNoReaction() {
        RoomRecord room = fixture.room("rb-owner", Role.MUTED, "rb-muted");
        fixture.storage.memberships().join(room.id(), "rb-author", Role.MEMBER);
        Message posted = fixture.post(room, "rb-author", "hello");
        Refusal muted = refused(reactions.react(user("rb-muted"), room.id(), posted.id(), "👍"));
        assertThat(muted.code()).isEqualTo(ErrorCode.MUTED);
        assertThat(muted.getMessage()).isEqualTo("you may not react in this room now");

        fixture.storage.blocks().block("rb-author", "rb-blocked");
        Refusal blocked = refused(reactions.react(user("rb-blocked"), room.id(), posted.id(), "👍"));
        assertThat(blocked.code()).isEqualTo(ErrorCode.BLOCKED);
        assertThat(blocked.getMessage()).isEqualTo("you cannot react to a message of someone who blocks you");

        fixture.storage.messageEdits().setHidden(room.id(), posted.id(), true);
        Refusal hidden = refused(reactions.react(user("rb-other"), room.id(), posted.id(), "👍"));
        assertThat(hidden.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(fixture.published).isEmpty();
    }

    @Test
    void distinctEmojiAreCappedAndTheBudgetRunsOut() {
        RoomRecord room = fixture.room("rc-owner", Role.MEMBER, "rc-author");
        Message posted = fixture.post(room, "rc-author", "many");
        for (int i = 0; i < ActionsFixture.MAX_DISTINCT_REACTIONS; i++) {
            get(reactions.react(user("rc-fan"), room.id(), posted.id(), "e" + i));
        }
        Refusal capped = refused(reactions.react(user("rc-fan"), room.id(), posted.id(), "one-more"));
        assertThat(capped.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
        for (int i = ActionsFixture.MAX_DISTINCT_REACTIONS + 1; i < ActionsFixture.REACTIONS_BURST; i++) {
            get(reactions.react(user("rc-fan"), room.id(), posted.id(), "e0"));
        }
        Refusal spent = refused(reactions.react(user("rc-fan"), room.id(), posted.id(), "e0"));
        assertThat(spent.code()).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(spent.getMessage()).isEqualTo("too many reactions; slow down");
        assertThat(spent.retryAfterMillis()).isPositive();
    }

    @Test
    void aReportIsOncePerUserAndNeverOfOnesOwnMessage() {
        RoomRecord room = fixture.room("rp-owner", Role.MEMBER, "rp-author");
        Message posted = fixture.post(room, "rp-author", "report me");
        assertThat(get(reports.report(user("rp-reader"), room.id(), posted.id(), "spam"))).isNotNull();
        assertThat(org.junit.jupiter.api.Assertions.assertThrows(Exception.class,
                () -> get(reports.report(user("rp-reader"), room.id(), posted.id(), "again"))))
                .hasRootCauseInstanceOf(dev.community.storage.ConflictException.class);
        Refusal own = refused(reports.report(user("rp-author"), room.id(), posted.id(), ""));
        assertThat(own.code()).isEqualTo(ErrorCode.FORBIDDEN);
        assertThat(own.getMessage()).isEqualTo("you cannot report your own message");
        assertThat(fixture.published).isEmpty();
    }
}
