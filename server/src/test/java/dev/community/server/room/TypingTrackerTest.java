package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the others hear of one user's typing: changes only, at most one a second, cleared by the server. */
class TypingTrackerTest {
    static final User ALICE = new User("alice", "Alice");
    final EmbeddedChannel loop = new EmbeddedChannel();
    final List<ServerEvent.Typing> heard = new ArrayList<>();
    final List<Long> heardAt = new ArrayList<>();
    final TypingTracker tracker = new TypingTracker(UUID.randomUUID(), new RoomBus() {
        @Override
        public void messageStored(Message message, String clientId) {
            throw new AssertionError("typing stores nothing");
        }

        @Override
        public void publish(RoomEvent event) {
            assertThat(event.excludeActor()).as("never to the typist").isTrue();
            heard.add((ServerEvent.Typing) event.event());
            heardAt.add(loop.eventLoop().ticker().nanoTime());
        }
    }, Duration.ofSeconds(3));

    TypingTrackerTest() {
        loop.freezeTime();
    }

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    void typing(boolean on) {
        tracker.typing(ALICE, on, loop.eventLoop());
    }

    void advance(long millis) {
        loop.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
    }

    List<Boolean> states() {
        return heard.stream().map(ServerEvent.Typing::isTyping).toList();
    }

    @Test
    void aFloodOfAlternatingFramesReachesTheOthersAtMostOnceASecond() {
        for (int i = 0; i < 100; i++) {
            typing(i % 2 == 0);
        }
        assertThat(states()).as("the first change at once, the rest held").containsExactly(true);
        advance(999);
        assertThat(states()).containsExactly(true);
        advance(1);
        assertThat(states()).as("the state that holds at the end of the second: off").containsExactly(true, false);
        for (int step = 0; step < 100; step++) {
            for (int i = 0; i < 7; i++) {
                typing((step + i) % 3 != 0);
            }
            advance(137);
        }
        advance(5000);
        for (int i = 1; i < heard.size(); i++) {
            assertThat(heard.get(i).isTyping()).as("only changes are told").isNotEqualTo(heard.get(i - 1).isTyping());
            assertThat(heardAt.get(i) - heardAt.get(i - 1)).as("a second apart at least")
                    .isGreaterThanOrEqualTo(TimeUnit.SECONDS.toNanos(1));
        }
        assertThat(heard).as("1000 frames over 13.7 s, then the clear").hasSizeBetween(3, 16);
        assertThat(heard.get(heard.size() - 1).isTyping()).as("cleared in the end").isFalse();
        assertThat(tracker.tracked()).isZero();
    }

    @Test
    void repeatedTrueFramesAreOneEventAndTheServerClearsItAfterTheTimeout() {
        typing(true);
        advance(1500);
        typing(true);
        advance(1500);
        typing(true);
        assertThat(states()).containsExactly(true);
        advance(2999);
        assertThat(states()).as("3 s after the last true").containsExactly(true);
        advance(1);
        assertThat(states()).containsExactly(true, false);
        advance(1000);
        assertThat(tracker.tracked()).as("an idle user is forgotten").isZero();
    }

    @Test
    void typingAgainJustAfterTheServerClearedItIsToldAtTheEndOfTheSecond() {
        typing(true);
        advance(3000);
        assertThat(states()).containsExactly(true, false);
        advance(50);
        typing(true);
        advance(949);
        assertThat(states()).containsExactly(true, false);
        advance(1);
        assertThat(states()).containsExactly(true, false, true);
    }

    @Test
    void sendingClearsAtOnceWhenTheLastEventIsOlderThanASecond() {
        typing(true);
        advance(1200);
        tracker.stopped(ALICE);
        assertThat(states()).containsExactly(true, false);
    }

    @Test
    void aChangeThatIsUndoneWithinTheSecondIsNeverTold() {
        typing(true);
        tracker.stopped(ALICE);
        typing(true);
        advance(1000);
        assertThat(states()).as("on at the end of the second, as it was told").containsExactly(true);
    }

    @Test
    void stoppingAUserWhoIsNotTypingSaysNothing() {
        tracker.stopped(ALICE);
        typing(false);
        advance(5000);
        assertThat(heard).isEmpty();
        assertThat(tracker.tracked()).isZero();
    }
}
