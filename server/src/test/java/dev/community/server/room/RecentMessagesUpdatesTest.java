package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The window follows edits, deletes and reactions, and can be forgotten and primed again. */
class RecentMessagesUpdatesTest {
    static final UUID ROOM = UUID.randomUUID();

    static Message msg(long seq, String content) {
        return new Message(new UUID(1, seq), ROOM, seq, null, new User("u", "u"), content, "text", List.of(), List.of(),
                null, Map.of(), Instant.EPOCH, null, false, false);
    }

    RecentMessages primed(Message... messages) {
        RecentMessages window = new RecentMessages(10);
        window.prime(List.of(messages), 10);
        return window;
    }

    Message only(RecentMessages window) {
        return window.latest(10).orElseThrow().messages().get(0);
    }

    @Test
    void anEditReplacesTheHeldMessage() {
        RecentMessages window = primed(msg(1, "before"));
        window.apply(new ServerEvent.MessageUpdated(msg(1, "after")));
        assertThat(only(window).content()).isEqualTo("after");
    }

    @Test
    void aDeleteLeavesATombstone() {
        RecentMessages window = primed(msg(1, "secret"));
        window.apply(new ServerEvent.MessageDeleted(new UUID(1, 1), 1));
        assertThat(only(window).isDeleted()).isTrue();
        assertThat(only(window).content()).isEmpty();
    }

    @Test
    void reactionsReplaceTheCounts() {
        RecentMessages window = primed(msg(1, "like me"));
        window.apply(new ServerEvent.ReactionsUpdated(new UUID(1, 1), Map.of("👍", 2), "u1", "👍", true));
        assertThat(only(window).reactionCounts()).containsEntry("👍", 2);
        assertThat(only(window).content()).isEqualTo("like me");
    }

    @Test
    void otherEventsAndUnknownMessagesChangeNothing() {
        RecentMessages window = primed(msg(1, "same"));
        window.apply(new ServerEvent.Typing(new User("u", "u"), true));
        window.apply(new ServerEvent.MessageUpdated(msg(2, "not held")));
        assertThat(window.latest(10).orElseThrow().messages()).containsExactly(msg(1, "same"));
    }

    @Test
    void anInvalidatedWindowAnswersNothingUntilPrimedAgainAndKeepsLaterAppends() {
        RecentMessages window = primed(msg(1, "a"), msg(2, "b"));
        window.invalidate();
        assertThat(window.latest(10)).isEmpty();
        assertThat(window.after(0, 10)).isEmpty();
        window.append(msg(4, "d"));
        window.prime(List.of(msg(1, "a"), msg(2, "b"), msg(3, "c")), 10);
        assertThat(window.latest(10).orElseThrow().messages()).extracting(Message::seq).containsExactly(1L, 2L, 3L, 4L);
    }
}
