package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.server.Blocking;
import dev.community.storage.MembershipRepository;
import dev.community.storage.MembershipRepository.ReadMarker;
import io.netty.channel.embedded.EmbeddedChannel;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.UUID;
import java.util.ArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** mark_read frames become at most one write a second per user and room, the newest marker winning. */
class ReadMarkWriterTest {
    static final UUID ROOM = UUID.randomUUID();
    final EmbeddedChannel loop = new EmbeddedChannel();
    final List<Long> writes = new ArrayList<>();
    final List<ReadMarkWriter.Mark> told = new ArrayList<>();
    final MembershipRepository memberships = (MembershipRepository) Proxy.newProxyInstance(
            getClass().getClassLoader(), new Class<?>[] {MembershipRepository.class}, (proxy, method, args) -> {
                if (!method.getName().equals("markRead")) {
                    throw new AssertionError("only markRead is expected, not " + method.getName());
                }
                long seq = (Long) args[2];
                writes.add(seq);
                return new ReadMarker(seq, 0, 0);
            });
    final ReadMarkWriter writer = new ReadMarkWriter(memberships, Blocking.inPlace(), (mark, marker) -> told.add(mark));

    ReadMarkWriterTest() {
        loop.freezeTime();
    }

    @AfterEach
    void close() {
        loop.finishAndReleaseAll();
    }

    void mark(String user, long seq) {
        writer.mark(ROOM, user, seq, null, loop.eventLoop());
    }

    void advance(long millis) {
        loop.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        loop.runScheduledPendingTasks();
    }

    void assertWrites(int count) {
        assertThat(writes).hasSize(count);
        assertThat(told).hasSize(count);
    }

    @Test
    void theFirstMarkIsWrittenAtOnceAndTheRestOfTheSecondAsOneWriteOfTheHighest() {
        mark("u", 5);
        assertWrites(1);
        for (long seq : new long[] {6, 9, 7, 8}) {
            mark("u", seq);
        }
        advance(999);
        assertThat(writes).as("nothing more within the second").containsExactly(5L);
        advance(1);
        assertWrites(2);
        assertThat(writes).containsExactly(5L, 9L);
        assertThat(told.get(1).seq()).isEqualTo(9);
    }

    @Test
    void aQuietUserIsForgottenAfterTheSecondAndWrittenAtOnceAgain() {
        mark("u", 1);
        assertWrites(1);
        advance(1000);
        assertThat(writer.tracked()).isZero();
        mark("u", 2);
        assertWrites(2);
        assertThat(writes).containsExactly(1L, 2L);
    }

    @Test
    void eachUserAndRoomHasItsOwnSecond() {
        mark("a", 1);
        mark("b", 1);
        assertWrites(2);
        mark("a", 2);
        writer.mark(UUID.randomUUID(), "a", 3, null, loop.eventLoop());
        assertWrites(3);
        assertThat(writes).containsExactly(1L, 1L, 3L);
    }
}
