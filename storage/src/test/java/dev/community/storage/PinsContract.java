package dev.community.storage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Message;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.PinRepository.PinResult;
import dev.community.storage.PinRepository.Pinned;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Pins on both stores ({@link H2PinsTest}, {@link PostgresPinsTest}): is_pinned on every read, the cap exact under
 * concurrent pins, a tombstone never pinned, newest pin first.
 */
abstract class PinsContract extends OneStorePerClass {
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    PinsContract(Store store) {
        super(store);
    }

    static String uid(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    UUID room(String owner) {
        String slug = uid("room");
        return storage.rooms().create(slug, slug, RoomType.FORUM, Visibility.PUBLIC, owner, "").id();
    }

    Message post(UUID room, String author, String content) {
        try {
            return storage.writer().submit(new NewMessage(Uuids.v7(), room, new User(author, author), null, content,
                    "text", List.of(), List.of(), null, null, null)).get(30, TimeUnit.SECONDS).message();
        } catch (Exception e) {
            throw new AssertionError("write failed", e);
        }
    }

    @Test
    void aPinShowsOnEveryReadOfTheMessageAndInTheRoomsListNewestFirst() {
        String mod = uid("mod");
        UUID room = room(mod);
        Message first = post(room, "ann", "first");
        Message second = post(room, "bob", "second");
        post(room, "ann", "third");

        assertThat(storage.pins().pin(room, first.id(), mod, T0, 50)).isEqualTo(PinResult.PINNED);
        assertThat(storage.pins().pin(room, second.id(), mod, T0.plusSeconds(1), 50)).isEqualTo(PinResult.PINNED);
        assertThat(storage.pins().pin(room, first.id(), "other", T0.plusSeconds(2), 50))
                .isEqualTo(PinResult.ALREADY_PINNED);

        assertThat(storage.messages().findById(room, first.id()).orElseThrow().isPinned()).isTrue();
        assertThat(storage.messages().latest(room, 10)).extracting(Message::isPinned).containsExactly(true, true, false);
        List<Pinned> pins = storage.pins().list(room, 50);
        assertThat(pins).extracting(p -> p.message().id()).containsExactly(second.id(), first.id());
        assertThat(pins.get(1)).isEqualTo(new Pinned(storage.messages().findById(room, first.id()).orElseThrow(),
                new User(mod, mod), T0));

        assertThat(storage.pins().unpin(room, first.id())).isTrue();
        assertThat(storage.pins().unpin(room, first.id())).isFalse();
        assertThat(storage.messages().findById(room, first.id()).orElseThrow().isPinned()).isFalse();
        assertThat(storage.pins().list(room, 50)).extracting(p -> p.message().id()).containsExactly(second.id());
    }

    @Test
    void aMessageOfAnotherRoomOrATombstoneIsNoMessageToPinAndDeletingUnpins() {
        String mod = uid("mod");
        UUID room = room(mod);
        UUID other = room(mod);
        Message elsewhere = post(other, "ann", "elsewhere");
        Message doomed = post(room, "ann", "doomed");
        Message pinned = post(room, "ann", "pinned");

        assertThat(storage.pins().pin(room, elsewhere.id(), mod, T0, 50)).isEqualTo(PinResult.NO_SUCH_MESSAGE);
        assertThat(storage.pins().unpin(room, elsewhere.id())).isFalse();
        storage.messageEdits().delete(room, doomed.id());
        assertThat(storage.pins().pin(room, doomed.id(), mod, T0, 50)).isEqualTo(PinResult.NO_SUCH_MESSAGE);

        storage.pins().pin(room, pinned.id(), mod, T0, 50);
        Message tombstone = storage.messageEdits().delete(room, pinned.id()).orElseThrow();
        assertThat(tombstone.isPinned()).isFalse();
        assertThat(storage.pins().list(room, 50)).isEmpty();
    }

    @Test
    void concurrentPinsNeverPassTheCap() throws Exception {
        String mod = uid("mod");
        UUID room = room(mod);
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            messages.add(post(room, "ann", "m" + i));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<PinResult>> results = messages.stream()
                    .map(m -> CompletableFuture.supplyAsync(() -> storage.pins().pin(room, m.id(), mod, T0, 5), pool))
                    .toList();
            List<PinResult> outcomes = new ArrayList<>();
            for (CompletableFuture<PinResult> result : results) {
                outcomes.add(result.get(30, TimeUnit.SECONDS));
            }
            assertThat(outcomes).filteredOn(r -> r == PinResult.PINNED).hasSize(5);
            assertThat(outcomes).filteredOn(r -> r == PinResult.ROOM_FULL).hasSize(7);
        } finally {
            pool.shutdownNow();
        }
        assertThat(storage.pins().list(room, 50)).hasSize(5);
        Message oneMore = post(room, "ann", "one more");
        assertThat(storage.pins().pin(room, oneMore.id(), mod, T0, 5)).isEqualTo(PinResult.ROOM_FULL);
        assertThat(storage.pins().list(room, 3)).hasSize(3);
    }
}
