package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.loadtest.audit.MemberLedger;
import dev.community.loadtest.audit.RoomLedger;
import dev.community.loadtest.measure.Measurements;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Role;
import dev.community.protocol.Room;
import dev.community.protocol.RoomType;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.Visibility;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client's judgement of what reaches it, driven without a server (its socket is an embedded channel). */
class SimClientTest {
    private static final UUID ROOM = UUID.fromString("0190e0a0-0000-7000-8000-000000000001");
    private final ClientPool pool = new ClientPool(1, List.of());
    private final Measurements measurements = new Measurements();
    private final MemberLedger ledger = new MemberLedger("u0", new RoomLedger(ROOM));

    @AfterEach
    void stop() {
        pool.close();
    }

    @Test
    void aSendersMessageFromStorageFollowedByItsAcknowledgementIsOneDeliveryAndOneAck() {
        SimClient sender = liveSender();
        sender.sendNow(1);
        String clientId = "run-0-1";
        assertThat(sender.outstandingCount()).isEqualTo(1);

        // A cluster node delivered seq 11 from storage (no client_id), then the acknowledgement came.
        sender.onNewMessage(11, -1, null);
        sender.onNewMessage(11, -1, clientId);

        assertThat(sender.outstandingCount()).isZero();
        assertThat(measurements.ackedCount()).isEqualTo(1);
        assertThat(measurements.deliveredCount()).isEqualTo(1);
        assertThat(ledger.duplicates()).isZero();
        assertThat(ledger.replays()).isEqualTo(1);
    }

    @Test
    void aSecondCopyWithoutAnOutstandingClientIdIsStillADuplicate() {
        SimClient sender = liveSender();
        sender.sendNow(1);
        sender.onNewMessage(11, -1, "run-0-1");
        sender.onNewMessage(11, -1, "run-0-1");
        sender.onNewMessage(11, -1, null);

        assertThat(measurements.ackedCount()).isEqualTo(1);
        assertThat(ledger.duplicates()).isEqualTo(2);
        assertThat(ledger.replays()).isZero();
    }

    @Test
    void pacedSendersOfOneRateStartAtTheirOwnPointOfTheInterval() {
        // client 1 of 10 messages a second: 0.618 of the 100 ms interval, so nothing is due for its first 61.8 ms
        SimClient spread = liveClient(1, new SendMode.Paced(10), false);
        long start = System.nanoTime();
        spread.startSending();
        spread.tick(start);
        assertThat(measurements.sentCount()).isZero();
        spread.tick(start + 61_700_000L);
        assertThat(measurements.sentCount()).isZero();
        // then one every 100 ms from 61.8 ms on (times passed in, not waited for)
        spread.tick(start + 150_000_000L);
        assertThat(measurements.sentCount()).isEqualTo(1);
        spread.tick(start + 500_000_000L);
        assertThat(measurements.sentCount()).isEqualTo(5);
    }

    @Test
    void alignedPacedSendersSendAtTheStartOfTheInterval() {
        SimClient aligned = liveClient(1, new SendMode.Paced(10), true);
        aligned.startSending();
        aligned.tick(System.nanoTime());
        assertThat(measurements.sentCount()).isEqualTo(1);
    }

    private SimClient liveSender() {
        return liveClient(0, SendMode.SILENT, false);
    }

    private SimClient liveClient(int index, SendMode mode, boolean alignedSends) {
        LoopbackTarget target = LoopbackTarget.parse("http://127.0.0.1:1");
        ClientSettings settings = new ClientSettings(target, new AccessTokens("s".repeat(32), Duration.ofHours(1),
                Clock.systemUTC()), new JsonCodec(), "run", 10, 0, 1000, false, ReconnectPolicy.fixed(0), 10, null,
                false, List.of(target), alignedSends);
        SendBudget budget = new SendBudget(10);
        budget.open();
        SimClient client = new SimClient(index, "u" + index, ROOM, mode, ledger, settings, pool, new ConnectGate(1),
                budget, measurements);
        client.attach(new EmbeddedChannel());
        client.streamConnecting(System.nanoTime());
        Instant now = Instant.parse("2026-12-05T10:00:00Z");
        Room room = new Room(ROOM, "General", "general", RoomType.FORUM, Visibility.PUBLIC, "u1", null, 0, 0, 1, 3, 10,
                now, now, Role.MEMBER, null, 0, 0, null);
        client.onEvent(new ServerEvent.RoomState(room, List.of(), List.of(), false, 10, null, 1, null));
        assertThat(client.state()).isEqualTo(SimClient.State.LIVE);
        return client;
    }
}
