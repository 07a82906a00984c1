package dev.community.server.ws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.Visibility;
import dev.community.server.ServerMetrics;
import dev.community.server.auth.Principal;
import dev.community.server.room.Delivery;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Delivery rules of one session: held until synced, seq de-duplication, blocks, variants. */
class RoomSessionTest {
    static final UUID ROOM = UUID.randomUUID();
    final ServerMetrics metrics = new ServerMetrics(new SimpleMeterRegistry());
    final EmbeddedChannel channel = new EmbeddedChannel();
    final List<Delivery> created = new ArrayList<>();

    RoomSession session(String role) {
        var principal = new Principal("me", "me", null, 0, false, Instant.MAX);
        var room = new RoomRecord(ROOM, "r", "r", RoomType.FORUM, Visibility.PUBLIC, "o", "", 0, 0, 0, 1, 0, 0, null, Instant.EPOCH);
        var membership = new Membership(ROOM, "me", Role.fromWire(role), null, null, 0, Instant.EPOCH, true);
        return new RoomSession(channel, principal, room, membership, null, metrics);
    }

    Delivery message(long seq, String author) {
        Delivery d = new Delivery(seq, author, false, text("std" + seq), text("own" + seq), null);
        created.add(d);
        return d;
    }

    static io.netty.buffer.ByteBuf text(String s) {
        return Unpooled.copiedBuffer(s, StandardCharsets.UTF_8);
    }

    List<String> written() {
        channel.flush();
        List<String> out = new ArrayList<>();
        io.netty.buffer.ByteBuf frame;
        while ((frame = channel.readOutbound()) != null) {
            assertThat(frame.getUnsignedByte(0)).as("FIN + text opcode").isEqualTo((short) 0x81);
            int length = frame.getUnsignedByte(1);
            assertThat(length).as("short test payloads carry their length in the second byte").isLessThan(126);
            out.add(frame.toString(2, length, StandardCharsets.UTF_8));
            frame.release();
        }
        return out;
    }

    @AfterEach
    void release() {
        for (Delivery d : created) {
            if (d.refCnt() > 0) {
                d.release(d.refCnt());
            }
        }
        channel.finishAndReleaseAll();
    }

    @Test
    void holdsDeliveriesUntilSyncedThenWritesOnlyNewerOnes() {
        RoomSession session = session("member");
        session.deliver(message(4, "x"));
        session.deliver(message(5, "x"));
        session.deliver(message(6, "x"));
        assertThat(written()).isEmpty();
        session.completeSync(5);
        assertThat(written()).containsExactly("std6");
        session.deliver(message(6, "x"));
        session.deliver(message(7, "x"));
        assertThat(written()).as("6 again is a duplicate of what was written").containsExactly("std7");
    }

    @Test
    void theAuthorGetsItsOwnVariantAndBlockedAuthorsNothing() {
        RoomSession session = session("member");
        session.completeSync(0);
        session.blocked().add("troll");
        session.deliver(message(1, "me"));
        session.deliver(message(2, "troll"));
        session.deliver(message(3, "friend"));
        assertThat(written()).containsExactly("own1", "std3");
    }

    @Test
    void moderatorsGetTheModeratorVariant() {
        RoomSession moderator = session("moderator");
        moderator.completeSync(0);
        Delivery hidden = new Delivery(0, null, false, text("redacted"), null, text("full"));
        created.add(hidden);
        moderator.deliver(hidden);
        assertThat(written()).containsExactly("full");
    }

    @Test
    void excludedActorsGetNothing() {
        RoomSession session = session("member");
        session.completeSync(0);
        Delivery typing = new Delivery(0, "me", true, text("typing"), null, null);
        created.add(typing);
        session.deliver(typing);
        assertThat(written()).isEmpty();
    }

    @Test
    void closingReleasesWhatWasHeld() {
        RoomSession session = session("member");
        Delivery d = message(1, "x");
        session.deliver(d);
        assertThat(d.refCnt()).isEqualTo(2);
        session.close();
        assertThat(d.refCnt()).isEqualTo(1);
        assertThat(session.deliver(message(2, "x"))).isFalse();
    }
}
