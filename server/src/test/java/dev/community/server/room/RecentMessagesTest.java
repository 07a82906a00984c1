package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Message;
import dev.community.protocol.User;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class RecentMessagesTest {
    static final UUID ROOM = UUID.randomUUID();

    static Message msg(long seq) {
        return new Message(UUID.randomUUID(), ROOM, seq, null, new User("u", "u"), "m" + seq, "text", List.of(),
                List.of(), null, Map.of(), Instant.EPOCH, null, false, false);
    }

    static List<Message> range(long from, long to) {
        List<Message> list = new ArrayList<>();
        for (long s = from; s <= to; s++) {
            list.add(msg(s));
        }
        return list;
    }

    static List<Long> seqs(List<Message> messages) {
        return messages.stream().map(Message::seq).toList();
    }

    @Test
    void answersNothingUntilPrimed() {
        RecentMessages window = new RecentMessages(10);
        window.append(msg(1));
        assertThat(window.latest(5)).isEmpty();
        assertThat(window.after(0, 10)).isEmpty();
    }

    @Test
    void aSmallRoomIsCompletelyKnown() {
        RecentMessages window = new RecentMessages(10);
        window.prime(range(1, 3), 10);
        var page = window.latest(50).orElseThrow();
        assertThat(seqs(page.messages())).containsExactly(1L, 2L, 3L);
        assertThat(page.hasMore()).isFalse();
        assertThat(seqs(window.after(1, 500).orElseThrow().messages())).containsExactly(2L, 3L);
    }

    @Test
    void callersAskingWhileTheWindowIsReadShareOneReadAndAFailedReadIsTriedAgainByTheNext() {
        RecentMessages window = new RecentMessages(10);
        List<Integer> reads = new ArrayList<>();
        List<CompletableFuture<List<Message>>> pending = new ArrayList<>();
        java.util.function.IntFunction<CompletableFuture<List<Message>>> storage = limit -> {
            reads.add(limit);
            CompletableFuture<List<Message>> read = new CompletableFuture<>();
            pending.add(read);
            return read;
        };

        CompletableFuture<Void> first = window.primedFrom(storage);
        CompletableFuture<Void> second = window.primedFrom(storage);
        assertThat(reads).as("one read of the window's capacity for both").containsExactly(10);
        pending.get(0).completeExceptionally(new IllegalStateException("storage down"));
        assertThat(first).isCompletedExceptionally();
        assertThat(second).isCompletedExceptionally();
        assertThat(window.primed()).isFalse();

        CompletableFuture<Void> third = window.primedFrom(storage);
        assertThat(reads).containsExactly(10, 10);
        window.append(msg(4));
        pending.get(1).complete(range(1, 3));
        assertThat(third).isCompleted();
        assertThat(seqs(window.latest(10).orElseThrow().messages())).containsExactly(1L, 2L, 3L, 4L);
        assertThat(window.primedFrom(storage)).as("primed: no read").isCompleted();
        assertThat(reads).hasSize(2);

        window.invalidate();
        window.primedFrom(storage);
        assertThat(reads).as("a forgotten window is read again").hasSize(3);
    }

    @Test
    void primingKeepsAppendsThatRacedTheStorageRead() {
        RecentMessages window = new RecentMessages(10);
        window.append(msg(4));
        window.append(msg(5));
        window.prime(range(1, 4), 10);
        assertThat(seqs(window.latest(10).orElseThrow().messages())).containsExactly(1L, 2L, 3L, 4L, 5L);
    }

    @Test
    void refusesResumesOlderThanWhatItHoldsCompletely() {
        RecentMessages window = new RecentMessages(5);
        window.prime(range(11, 15), 5);
        assertThat(window.after(9, 500)).as("seq 10 might exist and is not held").isEmpty();
        assertThat(seqs(window.after(10, 500).orElseThrow().messages())).containsExactly(11L, 12L, 13L, 14L, 15L);
        window.append(msg(16));
        assertThat(window.after(10, 500)).as("11 was evicted").isEmpty();
        assertThat(window.after(11, 500)).isPresent();
        assertThat(window.latest(3).orElseThrow().hasMore()).isTrue();
    }

    @Test
    void resumeSyncPointNeverPassesWhatWasStored() {
        RecentMessages window = new RecentMessages(5);
        window.prime(range(1, 3), 5);
        var resume = window.after(7, 500).orElseThrow();
        assertThat(resume.messages()).isEmpty();
        assertThat(resume.syncSeq()).as("a client ahead of the room must still get seq 4..7 when stored").isEqualTo(3);
    }

    @Test
    void updateReplacesAHeldMessage() {
        RecentMessages window = new RecentMessages(5);
        window.prime(range(1, 2), 5);
        UUID id = window.latest(5).orElseThrow().messages().get(0).id();
        window.update(id, m -> m.withContent("edited"));
        assertThat(window.latest(5).orElseThrow().messages().get(0).content()).isEqualTo("edited");
    }

    @Test
    void historyPagesComeFromTheWindowWhenItHoldsThemWhole() {
        RecentMessages window = new RecentMessages(10);
        assertThat(window.before(Long.MAX_VALUE, 5)).as("not primed").isEmpty();
        window.prime(range(1, 3), 10);
        // A small room is completely known: any page, the oldest one ending without more.
        var all = window.before(Long.MAX_VALUE, 100).orElseThrow();
        assertThat(seqs(all.messages())).containsExactly(1L, 2L, 3L);
        assertThat(all.hasMore()).isFalse();
        var older = window.before(3, 1).orElseThrow();
        assertThat(seqs(older.messages())).containsExactly(2L);
        assertThat(older.hasMore()).isTrue();
        assertThat(window.before(1, 10).orElseThrow().messages()).isEmpty();
    }

    @Test
    void historyBeyondTheWindowIsLeftToStorage() {
        RecentMessages window = new RecentMessages(5);
        window.prime(range(1, 5), 5);
        for (long seq = 6; seq <= 12; seq++) {
            window.append(msg(seq));
        }
        // The window holds 8..12; 1..7 exist only in storage.
        var newest = window.before(Long.MAX_VALUE, 3).orElseThrow();
        assertThat(seqs(newest.messages())).containsExactly(10L, 11L, 12L);
        assertThat(newest.hasMore()).isTrue();
        var exactlyTheWindow = window.before(13, 5).orElseThrow();
        assertThat(seqs(exactlyTheWindow.messages())).containsExactly(8L, 9L, 10L, 11L, 12L);
        assertThat(exactlyTheWindow.hasMore()).isTrue();
        assertThat(window.before(13, 6)).as("one more than the window holds").isEmpty();
        assertThat(window.before(9, 2)).as("reaches below the window").isEmpty();
        assertThat(seqs(window.before(10, 2).orElseThrow().messages())).containsExactly(8L, 9L);
    }

    @Test
    void afterARetentionPurgeAResumeFromInsideThePurgedRangeGoesToStorage() {
        RecentMessages window = new RecentMessages(10);
        window.prime(range(4, 6), 10);
        var page = window.latest(50).orElseThrow();
        assertThat(seqs(page.messages())).containsExactly(4L, 5L, 6L);
        assertThat(page.hasMore()).isFalse();
        assertThat(seqs(window.after(3, 500).orElseThrow().messages())).containsExactly(4L, 5L, 6L);
        assertThat(window.after(2, 500)).as("1..3 are gone: storage answers, with has_gap").isEmpty();
    }

    @Test
    void aWindowHoldingPurgedMessagesIsForgottenAndOneAboveThemStays() {
        RecentMessages window = new RecentMessages(10);
        window.prime(range(1, 6), 10);
        window.forgetThrough(3);
        assertThat(window.primed()).isFalse();
        window.prime(range(4, 6), 10);
        window.forgetThrough(3);
        assertThat(window.primed()).isTrue();
        window.forgetThrough(0);
        assertThat(window.primed()).isTrue();
    }

    static Message by(long seq, String author, List<String> mentions, boolean deleted) {
        return new Message(UUID.randomUUID(), ROOM, seq, null, new User(author, author), "m" + seq, "text", List.of(),
                mentions, null, Map.of(), Instant.EPOCH, null, deleted, false);
    }

    @Test
    void unreadCountsAsStorageDoesWhenTheWindowHoldsEverythingAfterTheMarker() {
        RecentMessages window = new RecentMessages(5);
        assertThat(window.unread(0, "me", java.util.Set.of())).as("not primed").isEmpty();
        window.prime(List.of(by(1, "ann", List.of(), false), by(2, "me", List.of(), false)), 10);
        window.append(by(3, "ann", List.of("me"), false));
        window.append(by(4, "pest", List.of("me"), false));
        window.append(by(5, "bob", List.of("me"), true));
        window.append(by(6, "bob", List.of("someone"), false));
        // mine, deleted, and by someone I block are not unread; mentions are those of the unread that name me
        var marker = window.unread(1, "me", java.util.Set.of("pest")).orElseThrow();
        assertThat(marker.lastReadSeq()).isEqualTo(1);
        assertThat(marker.unreadCount()).isEqualTo(2);
        assertThat(marker.unreadMentions()).isEqualTo(1);
        assertThat(window.unread(6, "me", java.util.Set.of()).orElseThrow().unreadCount()).isZero();
        assertThat(window.unread(1, "me", java.util.Set.of()).orElseThrow().unreadCount())
                .as("without the block").isEqualTo(3);
        assertThat(window.unread(0, "me", java.util.Set.of())).as("seq 1 is no longer held: ask storage").isEmpty();
        assertThat(window.newest()).map(Message::seq).contains(6L);
    }

    @Test
    void unreadCountsOnlyTheLatestThousandAsStorageDoes() {
        int counted = dev.community.storage.MembershipRepository.UNREAD_COUNTED_MAX;
        RecentMessages window = new RecentMessages(counted + 10);
        window.prime(List.of(), 10); // an empty room: the window holds its whole history from here on
        for (long seq = 1; seq <= counted + 2; seq++) {
            boolean mention = seq == 2 || seq == counted + 2; // one before the latest thousand, one inside them
            window.append(by(seq, "ann", mention ? List.of("me") : List.of(), false));
        }

        var marker = window.unread(0, "me", java.util.Set.of()).orElseThrow();
        assertThat(marker.unreadCount()).isEqualTo(counted);
        assertThat(marker.unreadMentions()).isEqualTo(1);
        assertThat(window.unread(3, "me", java.util.Set.of()).orElseThrow())
                .satisfies(m -> assertThat(m.unreadCount()).isEqualTo(counted - 1))
                .satisfies(m -> assertThat(m.unreadMentions()).isEqualTo(1));
    }

    @Test
    void aMarkerOlderThanTheWindowIsAnsweredWhenTheWindowHoldsTheLatestThousand() {
        int counted = dev.community.storage.MembershipRepository.UNREAD_COUNTED_MAX;
        RecentMessages window = new RecentMessages(counted + 1);
        window.prime(List.of(), 10);
        for (long seq = 1; seq <= counted + 50; seq++) {
            window.append(by(seq, "ann", seq == counted + 50 ? List.of("me") : List.of(), false));
        }

        assertThat(window.unread(0, "me", java.util.Set.of()))
                .as("seqs 1-49 are no longer held, but only 51-1050 are counted")
                .contains(new dev.community.storage.MembershipRepository.ReadMarker(0, counted, 1));
    }
}
