package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.Principal;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

/**
 * The admission race: a ban, mute or removal that lands while a connection is being admitted (after its membership
 * was read, before its session is registered) must reach the new session. The directory guarantees that each such
 * change meets every connection of the user exactly once: recorded in the admission, or visited as a session.
 * The interleavings are forced with latches; nothing here waits on a clock.
 */
class ConnectionDirectoryTest {
    static final UUID ROOM = UUID.randomUUID();
    static final UUID OTHER_ROOM = UUID.randomUUID();
    final ConnectionDirectory directory = new ConnectionDirectory();
    final ServerMetrics metrics = new ServerMetrics(new SimpleMeterRegistry());
    final ExecutorService threads = Executors.newFixedThreadPool(2);
    final List<EmbeddedChannel> channels = new ArrayList<>();

    @AfterEach
    void stop() {
        threads.shutdownNow();
        channels.forEach(EmbeddedChannel::finishAndReleaseAll);
    }

    static Membership banned() {
        return new Membership(ROOM, "me", Role.BANNED, null, null, 0, Instant.EPOCH, false);
    }

    RoomSession session() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        var principal = new Principal("me", "me", null, 0, false, Instant.MAX);
        var room = new RoomRecord(ROOM, "r", "r", RoomType.FORUM, Visibility.PUBLIC, "o", "", 0, 0, 0, 1, 0, 0, null,
                Instant.EPOCH);
        var membership = new Membership(ROOM, "me", Role.MEMBER, null, null, 0, Instant.EPOCH, true);
        return new RoomSession(channel, principal, room, membership, null, metrics);
    }

    @Test
    void aBanBetweenTheMembershipReadAndTheRegistrationReachesTheNewSession() throws Exception {
        CountDownLatch membershipRead = new CountDownLatch(1);
        CountDownLatch banApplied = new CountDownLatch(1);
        RoomSession session = session();
        // The admission, as the gatekeeper runs it: registered, membership read (still a member), then held
        // until the ban has been applied, then the session registered in its place.
        CompletableFuture<Admission.Change> admitted = CompletableFuture.supplyAsync(() -> {
            Admission admission = directory.admitting("me", ROOM);
            membershipRead.countDown();
            await(banApplied);
            return directory.register(session, admission);
        }, threads);
        // The ban lands on another thread in between: there is no session to visit yet.
        List<RoomSession> visited = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Void> ban = CompletableFuture.runAsync(() -> {
            await(membershipRead);
            directory.membershipChanged("me", ROOM, banned(), visited::add);
            banApplied.countDown();
        }, threads);

        ban.get();
        assertThat(visited).isEmpty();
        assertThat(admitted.get()).isEqualTo(new Admission.Updated(banned()));
    }

    @Test
    void aBanAfterTheRegistrationVisitsTheSessionAndIsNotRecordedTwice() {
        RoomSession session = session();
        Admission admission = directory.admitting("me", ROOM);
        assertThat(directory.register(session, admission)).isEqualTo(new Admission.Unchanged());

        List<RoomSession> visited = new ArrayList<>();
        directory.membershipChanged("me", ROOM, banned(), visited::add);
        assertThat(visited).containsExactly(session);
    }

    @Test
    void aChangeInAnotherRoomIsNotRecordedButTheUsersSessionsAreVisited() {
        RoomSession elsewhere = session();
        directory.register(elsewhere);
        Admission admission = directory.admitting("me", OTHER_ROOM);

        List<RoomSession> visited = new ArrayList<>();
        directory.membershipChanged("me", ROOM, banned(), visited::add);
        assertThat(visited).containsExactly(elsewhere);
        assertThat(directory.register(session(), admission)).isEqualTo(new Admission.Unchanged());
    }

    @Test
    void anAbandonedAdmissionRecordsNothingAndLeavesNoTrace() {
        Admission admission = directory.admitting("me", ROOM);
        directory.abandon(admission);
        directory.membershipChanged("me", ROOM, banned(), s -> {
            throw new AssertionError("no session to visit");
        });
        // Registering with the abandoned admission finds nothing recorded.
        assertThat(directory.register(session(), admission)).isEqualTo(new Admission.Unchanged());
    }

    /**
     * Registration and a change racing for real, started together by a latch: whichever takes the user's lock
     * first, the change meets the connection exactly once — recorded (Updated) or visited, never both or neither.
     */
    @RepeatedTest(50)
    void aChangeRacingTheRegistrationMeetsTheConnectionExactlyOnce() throws Exception {
        RoomSession session = session();
        Admission admission = directory.admitting("me", ROOM);
        CountDownLatch go = new CountDownLatch(1);
        List<RoomSession> visited = Collections.synchronizedList(new ArrayList<>());
        CompletableFuture<Admission.Change> registered = CompletableFuture.supplyAsync(() -> {
            await(go);
            return directory.register(session, admission);
        }, threads);
        CompletableFuture<Void> changed = CompletableFuture.runAsync(() -> {
            await(go);
            directory.membershipChanged("me", ROOM, banned(), visited::add);
        }, threads);
        go.countDown();
        changed.get();
        boolean recorded = registered.get() instanceof Admission.Updated;
        assertThat(recorded ? 1 : 0).as("recorded once or visited once").isEqualTo(1 - visited.size());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** A user stream being admitted, as the directory sees it: only its channel and its user. */
    UserStream stream() {
        EmbeddedChannel channel = new EmbeddedChannel();
        channels.add(channel);
        return new UserStream() {
            public io.netty.channel.Channel channel() {
                return channel;
            }

            public String userId() {
                return "me";
            }

            public void membershipChanged(UUID roomId, Membership updated) {
            }

            public void roomChanged(RoomRecord updated) {
            }

            public void blockChanged(String blocked, boolean blocking) {
            }

            public void readUpdated(UUID roomId, byte[] event, RoomSession except) {
            }
        };
    }

    @Test
    void changesInAnyRoomWhileAStreamIsAdmittedReachItInOrderAndThenItIsVisited() {
        StreamAdmission admission = directory.admittingStream("me");
        var member = new Membership(OTHER_ROOM, "me", Role.MEMBER, null, null, 0, Instant.EPOCH, true);
        directory.membershipChanged("me", ROOM, banned(), s -> {
            throw new AssertionError("no session to visit");
        });
        directory.membershipChanged("me", OTHER_ROOM, member, s -> {
        });
        UserStream stream = stream();
        assertThat(directory.registerStream(stream, admission)).containsExactly(
                new StreamAdmission.Change(ROOM, banned()), new StreamAdmission.Change(OTHER_ROOM, member));
        List<UserStream> visited = new ArrayList<>();
        directory.streamsOf("me", visited::add);
        assertThat(visited).containsExactly(stream);
        assertThat(directory.channelsOf("me")).containsExactly(stream.channel());
        directory.unregisterStream(stream);
        assertThat(directory.channelsNow()).isEmpty();
    }

    @Test
    void anAbandonedStreamAdmissionLeavesNoTrace() {
        StreamAdmission admission = directory.admittingStream("me");
        directory.abandon(admission);
        directory.membershipChanged("me", ROOM, banned(), s -> {
        });
        assertThat(directory.registerStream(stream(), admission)).isEmpty();
    }
}
