package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.RetentionRepository.PurgeOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * The retention purge on both stores ({@link H2RetentionTest}, {@link PostgresRetentionTest}): oldest first in
 * batches, never a hole, dependents gone, newer messages and their seq untouched even while they are being written.
 */
abstract class RetentionContract extends OneStorePerClass {
    static final Instant LONG_AGO = Instant.parse("2025-01-01T00:00:00Z");
    static final Instant CUTOFF = Instant.parse("2025-06-01T00:00:00Z");

    RetentionContract(Store store) {
        super(store);
    }

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    UUID room(String owner) {
        String slug = uid("room");
        return storage.rooms().create(slug, slug, RoomType.FORUM, Visibility.PUBLIC, owner, "").id();
    }

    CompletableFuture<WriteOutcome> submit(UUID room, String author, String content, Instant at, UUID replyTo,
                                           UUID thread) {
        return storage.writer().submit(new NewMessage(Uuids.v7(), room, new User(author, author), null, content, "text",
                List.of(), List.of(), replyTo, thread, at));
    }

    Message post(UUID room, String author, String content, Instant at) {
        return post(room, author, content, at, null, null);
    }

    Message post(UUID room, String author, String content, Instant at, UUID replyTo, UUID thread) {
        try {
            return submit(room, author, content, at, replyTo, thread).get(30, TimeUnit.SECONDS).message();
        } catch (Exception e) {
            throw new AssertionError("write failed", e);
        }
    }

    @Test
    void purgesTheOldestInBatchesWhileNewerMessagesAreWritten() throws Exception {
        String owner = uid("owner");
        UUID room = room(owner);
        List<Message> old = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            old.add(post(room, owner, "old " + i, LONG_AGO.plusSeconds(i)));
        }
        // newer writes race the purge: none of them may be touched, and their seqs follow on without a hole
        List<CompletableFuture<WriteOutcome>> newer = new ArrayList<>();
        List<Integer> batches = new ArrayList<>();
        PurgeOutcome outcome;
        int round = 0;
        do {
            newer.add(submit(room, owner, "new " + round++, Instant.now(), null, null));
            outcome = storage.retention().purge(room, CUTOFF, 5);
            batches.add(outcome.messages());
        } while (outcome.more());
        List<Message> written = new ArrayList<>();
        for (CompletableFuture<WriteOutcome> write : newer) {
            written.add(write.get(30, TimeUnit.SECONDS).message());
        }

        assertThat(batches).containsExactly(5, 5, 5, 5, 3);
        assertThat(outcome.purgedThroughSeq()).isEqualTo(23);
        assertThat(storage.retention().purge(room, CUTOFF, 5)).isEqualTo(new PurgeOutcome(0, 0, 23, null, false));
        List<Message> kept = storage.messages().latest(room, 100);
        assertThat(kept).isEqualTo(written);
        assertThat(kept).extracting(Message::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(24, 23 + written.size()).boxed().toList());
        assertThat(storage.messages().findById(room, old.get(0).id())).isEmpty();
        assertThat(storage.rooms().findById(room).orElseThrow().messageCount()).isEqualTo(written.size());
        assertThat(storage.retention().find(room).purgedThroughSeq()).isEqualTo(23);
    }

    @Test
    void stopsAtTheFirstMessageNotExpiredSoNoHoleOpens() {
        String owner = uid("owner");
        UUID room = room(owner);
        post(room, owner, "expired", LONG_AGO);
        post(room, owner, "recent", Instant.now());
        post(room, owner, "expired but after a kept one", LONG_AGO);

        PurgeOutcome outcome = storage.retention().purge(room, CUTOFF, 10);
        assertThat(outcome.messages()).isEqualTo(1);
        assertThat(outcome.oldestExpired()).isEqualTo(LONG_AGO);
        assertThat(outcome.more()).isFalse();
        assertThat(storage.messages().latest(room, 10)).extracting(Message::content)
                .containsExactly("recent", "expired but after a kept one");
    }

    @Test
    void dependentsGoWithTheMessageAndRepliesLoseOnlyTheirReference() {
        String owner = uid("owner");
        UUID room = room(owner);
        ThreadRecord thread = storage.threads().create(room, "topic", owner);
        Message old = post(room, owner, "old, in a thread", LONG_AGO, null, thread.id());
        post(room, owner, "old too, in the thread", LONG_AGO, null, thread.id());
        storage.reactions().add(room, old.id(), "bob", "👍", 20);
        storage.reports().report(room, old.id(), "bob", "spam");
        storage.moderation().flagForReview(room, old.id(), "ai", "looks bad");
        storage.pins().pin(room, old.id(), owner, Instant.now(), 50);
        Message reply = post(room, "bob", "a reply from today", Instant.now(), old.id(), thread.id());

        PurgeOutcome outcome = storage.retention().purge(room, CUTOFF, 10);

        assertThat(outcome.messages()).isEqualTo(2);
        assertThat(outcome.dependents()).isEqualTo(4);
        assertThat(storage.pins().list(room, 50)).isEmpty();
        Message kept = storage.messages().findById(room, reply.id()).orElseThrow();
        assertThat(kept.replyToId()).isNull();
        assertThat(kept.content()).isEqualTo("a reply from today");
        assertThat(kept.seq()).isEqualTo(reply.seq());
        assertThat(storage.threads().find(thread.id()).orElseThrow().messageCount()).isEqualTo(1);
        assertThat(storage.moderation().queue("bob", true, null, null, 100).results())
                .noneMatch(item -> item.messageId().equals(old.id()));
    }

    @Test
    void roomsListTheirOwnRetentionOrAllForAServerDefault() {
        String owner = uid("owner");
        UUID own = room(owner);
        UUID plain = room(owner);
        assertThat(storage.retention().setRetentionDays(own, 30)).isTrue();
        assertThat(storage.retention().setRetentionDays(UUID.randomUUID(), 30)).isFalse();

        List<RetentionRepository.RoomRetention> withOwn = all(false);
        assertThat(withOwn).extracting(RetentionRepository.RoomRetention::roomId).contains(own).doesNotContain(plain);
        assertThat(all(true)).extracting(RetentionRepository.RoomRetention::roomId).contains(own, plain);
        assertThat(storage.retention().find(own).retentionDays()).isEqualTo(30);
        storage.retention().setRetentionDays(own, null);
        assertThat(storage.retention().find(own).retentionDays()).isNull();
    }

    /** Every page of the room list, 2 at a time (paging by id). */
    private List<RetentionRepository.RoomRetention> all(boolean all) {
        List<RetentionRepository.RoomRetention> rooms = new ArrayList<>();
        UUID after = null;
        while (true) {
            var page = storage.retention().rooms(after, all, 2);
            rooms.addAll(page);
            if (page.size() < 2) {
                return rooms;
            }
            after = page.get(page.size() - 1).roomId();
        }
    }
}
