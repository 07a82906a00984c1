package dev.community.server.admission;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.config.ServerConfig;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import dev.community.storage.Storage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rooms and block lists in memory for admission: loaded once, current after every change, misses not kept. */
class RoomDirectoryTest {
    @TempDir
    static Path dataDir;
    static Storage storage;
    final HeldBlocking blocking = new HeldBlocking();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RoomDirectory directory = new RoomDirectory(storage.rooms(), storage.memberships(), blocking, meters);
    final BlockLists blockLists = new BlockLists(storage.blocks(), blocking, meters);

    @BeforeAll
    static void open() {
        storage = Storage.open(new ServerConfig.DatabaseConfig(Optional.empty(), Optional.empty(), Optional.empty(), 4),
                dataDir, new ServerConfig.WriterConfig(100, Duration.ofMillis(1), 1000), new SimpleMeterRegistry());
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    RoomRecord newRoom(String owner) {
        String slug = "d-" + UUID.randomUUID().toString().substring(0, 8);
        return storage.rooms().create(slug, slug, RoomType.CIRCLE, Visibility.PUBLIC, owner, "");
    }

    @Test
    void manyConnectsToAColdRoomLoadItOnce() throws Exception {
        RoomRecord room = newRoom("cold-owner");
        storage.memberships().join(room.id(), "cold-member", Role.MEMBER);
        CompletableFuture<Optional<RoomEntry>> first = directory.room(room.id());
        CompletableFuture<Optional<RoomEntry>> second = directory.room(room.id());
        CompletableFuture<Optional<RoomEntry>> third = directory.room(room.id());
        assertThat(blocking.parked()).as("one load for the three").isEqualTo(1);
        blocking.runAll();
        RoomEntry entry = first.get().orElseThrow();
        assertThat(second.get()).containsSame(entry);
        assertThat(third.get()).containsSame(entry);
        assertThat(entry.membership("cold-member")).map(Membership::role).contains(Role.MEMBER);
        assertThat(entry.membership("cold-owner")).map(Membership::role).contains(Role.OWNER);
        assertThat(directory.room(room.id())).as("from memory now").isCompletedWithValue(Optional.of(entry));
        assertThat(blocking.parked()).isZero();
        assertThat(meters.get("community.admission.groups").tag("work", "room").counter().count()).isEqualTo(1);
    }

    @Test
    void aChangeThatLandsWhileTheRoomLoadsIsAppliedToIt() throws Exception {
        RoomRecord room = newRoom("race-owner");
        storage.memberships().join(room.id(), "race-user", Role.MEMBER);
        CompletableFuture<Optional<RoomEntry>> loading = directory.room(room.id());
        Membership banned = storage.memberships().restrict(room.id(), "race-user", Role.BANNED, null);
        directory.membershipChanged(room.id(), "race-user", banned);
        RoomRecord slowed = storage.rooms().update(room.id(),
                new dev.community.storage.RoomRepository.RoomUpdate(null, null, null, 30, null, null)).orElseThrow();
        directory.roomChanged(slowed);
        blocking.runAll();
        RoomEntry entry = loading.get().orElseThrow();
        assertThat(entry.membership("race-user")).map(Membership::role).contains(Role.BANNED);
        assertThat(entry.room().slowModeSeconds()).isEqualTo(30);
    }

    @Test
    void rowsThatAreNoMembershipAreForgottenAndReadMarkersOnlyMoveForward() throws Exception {
        RoomRecord room = newRoom("rows-owner");
        storage.memberships().join(room.id(), "leaver", Role.MEMBER);
        storage.memberships().join(room.id(), "reader", Role.MEMBER);
        CompletableFuture<Optional<RoomEntry>> loading = directory.room(room.id());
        blocking.runAll();
        RoomEntry entry = loading.get().orElseThrow();
        storage.memberships().leave(room.id(), "leaver");
        directory.membershipChanged(room.id(), "leaver", null);
        Membership waiting = storage.memberships().restrict(room.id(), "stranger", Role.MUTED, null);
        directory.membershipChanged(room.id(), "stranger", waiting);
        directory.readMarkerMoved(room.id(), "reader", 5);
        directory.readMarkerMoved(room.id(), "reader", 3);
        assertThat(entry.membership("leaver")).isEmpty();
        assertThat(entry.membership("stranger")).as("a mute waiting for a non-member is no membership").isEmpty();
        assertThat(entry.membership("reader")).map(Membership::lastReadSeq).contains(5L);
    }

    @Test
    void aMissIsNotRemembered() throws Exception {
        UUID later = UUID.randomUUID();
        CompletableFuture<Optional<RoomEntry>> missing = directory.room(later);
        blocking.runAll();
        assertThat(missing.get()).isEmpty();
        directory.room(later);
        assertThat(blocking.parked()).as("asked again").isEqualTo(1);
        blocking.runAll();
    }

    @Test
    void blockListsLoadOnceAndFollowEveryChange() throws Exception {
        storage.blocks().block("bl-user", "bl-a");
        CompletableFuture<Set<String>> first = blockLists.of("bl-user");
        CompletableFuture<Set<String>> second = blockLists.of("bl-user");
        blockLists.changed("bl-user", "bl-b", true);
        assertThat(blocking.parked()).isEqualTo(1);
        blocking.runAll();
        assertThat(first.get()).containsExactlyInAnyOrder("bl-a", "bl-b");
        assertThat(second.get()).containsExactlyInAnyOrder("bl-a", "bl-b");
        blockLists.changed("bl-user", "bl-a", false);
        assertThat(blockLists.of("bl-user")).isCompletedWithValue(Set.of("bl-b"));
        blockLists.changed("someone-not-held", "x", true);
        assertThat(blockLists.of("someone-not-held")).isNotDone();
        blocking.runAll();
    }

    double lookups(String result) {
        return meters.get("community.admission.room.lookups").tag("result", result).counter().count();
    }

    @Test
    void aFirstJoinsAnswerNeverOverwritesABanThatGotThereFirst() throws Exception {
        RoomRecord room = newRoom("join-owner");
        CompletableFuture<Optional<RoomEntry>> loading = directory.room(room.id());
        blocking.runAll();
        RoomEntry entry = loading.get().orElseThrow();
        assertThat(entry.room().memberCount()).isEqualTo(1);
        Membership joined = storage.memberships().join(room.id(), "join-user", Role.MEMBER);
        Membership banned = storage.memberships().restrict(room.id(), "join-user", Role.BANNED, null);
        directory.membershipChanged(room.id(), "join-user", banned);
        directory.joined(room.id(), "join-user", joined, java.time.Instant.now());
        assertThat(entry.membership("join-user")).map(Membership::role).contains(Role.BANNED);
        assertThat(entry.room().memberCount()).as("a ban ends the membership").isEqualTo(1);

        Membership other = storage.memberships().join(room.id(), "join-other", Role.MEMBER);
        directory.joined(room.id(), "join-other", other, java.time.Instant.now());
        assertThat(entry.membership("join-other")).contains(other);
        assertThat(meters.get("community.admission.memberships").gauge().value())
                .as("the owner, the banned user and the newcomer, plus one for the room").isEqualTo(4);
        assertThat(entry.room().memberCount()).as("the count follows the memberships held").isEqualTo(2);
        assertThat(entry.room(room.lastSeq() + 3, java.time.Instant.EPOCH).messageCount())
                .as("three messages the live window holds beyond the row").isEqualTo(room.messageCount() + 3);
    }

    @Test
    void hitsAndMissesAreCountedAndForgettingAllDropsALoadUnderWay() throws Exception {
        RoomRecord room = newRoom("forget-owner");
        double misses = lookups("miss");
        double hits = lookups("hit");
        CompletableFuture<Optional<RoomEntry>> loading = directory.room(room.id());
        directory.forgetAll();
        blocking.runAll();
        assertThat(loading.get()).as("the callers are answered").isPresent();
        directory.room(room.id());
        assertThat(blocking.parked()).as("but the load read before the cut is not kept").isEqualTo(1);
        blocking.runAll();
        assertThat(directory.room(room.id())).isDone();
        directory.forget(room.id());
        directory.room(room.id());
        assertThat(blocking.parked()).as("forgotten when its last session left").isEqualTo(1);
        blocking.runAll();
        assertThat(lookups("miss") - misses).isEqualTo(3);
        assertThat(lookups("hit") - hits).isEqualTo(1);
        assertThat(meters.get("community.admission.room.loads").counter().count()).isEqualTo(3);
    }
}
