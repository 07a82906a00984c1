package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A small room is told each join as it happens; a large one gets a summary per tick, one frame for many joins. */
class PresenceAnnouncerTest {
    final EmbeddedChannel loop = new EmbeddedChannel();
    final List<String> toldNow = new ArrayList<>();
    final List<ServerEvent.Presence> summaries = new ArrayList<>();
    int online;
    final PresenceAnnouncer announcer;

    PresenceAnnouncerTest() {
        loop.freezeTime();
        LiveRoom room = new LiveRoom(java.util.UUID.randomUUID(), dev.community.protocol.RoomType.FORUM,
                new dev.community.server.ServerMetrics(new io.micrometer.core.instrument.simple.SimpleMeterRegistry()),
                16, null, new PresenceSettings(3, Duration.ofSeconds(2), new EventEncoder(new dev.community.protocol.JsonCodec(),
                        io.netty.buffer.UnpooledByteBufAllocator.DEFAULT)));
        announcer = new PresenceAnnouncer(room, 3, Duration.ofSeconds(2), event -> summaries.add((ServerEvent.Presence) event));
        this.room = room;
    }

    final LiveRoom room;

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    void arrive(String id) {
        room.enterPresence(new User(id, id));
        announcer.changed(new User(id, id), true, () -> toldNow.add("+" + id), loop.eventLoop());
    }

    void depart(String id) {
        room.leavePresence(id);
        announcer.changed(new User(id, id), false, () -> toldNow.add("-" + id), loop.eventLoop());
    }

    void tick() {
        loop.advanceTimeBy(2, TimeUnit.SECONDS);
        loop.runScheduledPendingTasks();
    }

    @Test
    void upToTheLimitEachChangeIsToldAtOnce() {
        arrive("a");
        arrive("b");
        arrive("c");
        depart("b");
        assertThat(toldNow).containsExactly("+a", "+b", "+c", "-b");
        tick();
        assertThat(summaries).isEmpty();
    }

    @Test
    void aboveTheLimitChangesWaitForTheTickAndComeAndGoCancelOut() {
        for (String id : List.of("a", "b", "c")) {
            arrive(id);
        }
        arrive("d");
        arrive("e");
        arrive("f");
        depart("f");
        depart("a");
        assertThat(toldNow).containsExactly("+a", "+b", "+c");
        tick();
        assertThat(summaries).singleElement().satisfies(summary -> {
            assertThat(summary.joined()).extracting(User::id).containsExactly("d", "e");
            assertThat(summary.left()).extracting(User::id).containsExactly("a");
            assertThat(summary.onlineCount()).isEqualTo(4);
            assertThat(summary.complete()).isTrue();
        });
    }

    @Test
    void aSummaryHoldsAtMostTheLimitPerListAndSaysWhenItIsNotComplete() {
        for (int i = 0; i < 3; i++) {
            arrive("u" + i);
        }
        for (int i = 3; i < 10; i++) {
            arrive("u" + i);
        }
        tick();
        assertThat(summaries).singleElement().satisfies(summary -> {
            assertThat(summary.joined()).hasSize(3);
            assertThat(summary.complete()).isFalse();
            assertThat(summary.onlineCount()).isEqualTo(10);
        });
    }
}
