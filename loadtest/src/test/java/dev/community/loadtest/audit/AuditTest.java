package dev.community.loadtest.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The audit must catch a lost, a doubled and a reordered message, and pass a clean run. */
class AuditTest {

    /** A room that acknowledged seqs 11..20 to its senders; members started at seq 10. */
    private static RoomLedger room() {
        RoomLedger room = new RoomLedger(UUID.fromString("00000000-0000-7000-8000-000000000001"));
        for (long seq = 11; seq <= 20; seq++) {
            room.acknowledged(seq);
        }
        return room;
    }

    private static MemberLedger member(RoomLedger room, String id, long... deliveries) {
        MemberLedger member = new MemberLedger(id, room);
        member.start(10);
        for (long seq : deliveries) {
            member.receive(seq);
        }
        member.auditable(true);
        return member;
    }

    private static long[] range(long from, long to) {
        return java.util.stream.LongStream.rangeClosed(from, to).toArray();
    }

    @Test
    void cleanRunPasses() {
        RoomLedger room = room();
        AuditResult result = Audit.judge(List.of(member(room, "a", range(11, 20)), member(room, "b", range(11, 20))), 0);
        assertThat(result.passed()).isTrue();
        assertThat(result.membersAudited()).isEqualTo(2);
        assertThat(result.expectedDeliveries()).isEqualTo(20);
        assertThat(result.acknowledged()).isEqualTo(10);
        assertThat(result.examples()).isEmpty();
    }

    static Stream<Arguments> faults() {
        return Stream.of(
                Arguments.of("lost message", new long[]{11, 12, 13, 14, 16, 17, 18, 19, 20},
                        (Consumer<AuditResult>) r -> assertThat(r.lost()).isEqualTo(1)),
                Arguments.of("lost first", range(12, 20),
                        (Consumer<AuditResult>) r -> assertThat(r.lost()).isEqualTo(1)),
                Arguments.of("tail never delivered", range(11, 18),
                        (Consumer<AuditResult>) r -> {
                            assertThat(r.undelivered()).isEqualTo(2);
                            assertThat(r.lost()).isZero();
                        }),
                Arguments.of("doubled message", new long[]{11, 12, 13, 13, 14, 15, 16, 17, 18, 19, 20},
                        (Consumer<AuditResult>) r -> assertThat(r.duplicates()).isEqualTo(1)),
                Arguments.of("message from room_state delivered again", new long[]{10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20},
                        (Consumer<AuditResult>) r -> assertThat(r.duplicates()).isEqualTo(1)),
                Arguments.of("reordered pair", new long[]{11, 12, 14, 13, 15, 16, 17, 18, 19, 20},
                        (Consumer<AuditResult>) r -> {
                            assertThat(r.reordered()).isEqualTo(1);
                            assertThat(r.lost()).isZero();
                        }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("faults")
    void detectsFault(String why, long[] deliveries, Consumer<AuditResult> check) {
        RoomLedger room = room();
        AuditResult result = Audit.judge(List.of(member(room, "clean", range(11, 20)), member(room, "faulty", deliveries)), 0);
        assertThat(result.passed()).isFalse();
        check.accept(result);
        assertThat(result.examples()).anySatisfy(e -> assertThat(e).contains("faulty"));
    }

    @Test
    void unansweredSendFails() {
        RoomLedger room = room();
        AuditResult result = Audit.judge(List.of(member(room, "a", range(11, 20))), 1);
        assertThat(result.passed()).isFalse();
        assertThat(result.unanswered()).isEqualTo(1);
    }

    @Test
    void oneSeqAcknowledgedToTwoSendsFails() {
        RoomLedger room = room();
        room.acknowledged(15);
        AuditResult result = Audit.judge(List.of(member(room, "a", range(11, 20))), 0);
        assertThat(result.seqCollisions()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void deliveryBeforeRoomStateFails() {
        RoomLedger room = room();
        MemberLedger early = new MemberLedger("early", room);
        assertThat(early.receive(11)).isEqualTo(MemberLedger.Receipt.UNSYNCED);
        AuditResult result = Audit.judge(List.of(early), 0);
        assertThat(result.unsynced()).isEqualTo(1);
        assertThat(result.membersNotSynced()).isEqualTo(1);
        assertThat(result.passed()).isFalse();
    }

    @Test
    void memberThatLeftBeforeTheEndIsNotHeldToLaterMessages() {
        RoomLedger room = room();
        MemberLedger left = member(room, "left", range(11, 14));
        left.auditable(false);
        AuditResult result = Audit.judge(List.of(left, member(room, "stayed", range(11, 20))), 0);
        assertThat(result.passed()).isTrue();
        assertThat(result.membersAudited()).isEqualTo(1);
    }

    @Test
    void memberThatJoinedLateIsHeldOnlyToMessagesAfterItsStart() {
        RoomLedger room = room();
        MemberLedger late = new MemberLedger("late", room);
        late.start(15);
        for (long seq = 16; seq <= 20; seq++) {
            late.receive(seq);
        }
        late.auditable(true);
        AuditResult result = Audit.judge(List.of(late), 0);
        assertThat(result.passed()).isTrue();
        assertThat(result.expectedDeliveries()).isEqualTo(5);
    }

    @Test
    void resumeThatRecoversTheGapFromHistoryPasses() {
        RoomLedger room = room();
        MemberLedger resumed = member(room, "resumed", 11, 12, 17, 18, 19, 20);
        for (long seq = 13; seq <= 16; seq++) {
            assertThat(resumed.recover(seq)).isEqualTo(MemberLedger.Receipt.IN_ORDER);
        }
        assertThat(resumed.recover(17)).isEqualTo(MemberLedger.Receipt.DUPLICATE);
        AuditResult result = Audit.judge(List.of(resumed), 0);
        assertThat(result.lost()).isZero();
        assertThat(result.duplicates()).isEqualTo(1);
    }

    @Test
    void replayOfAResentClientIdIsAllowedOnlyForASeqAlreadyReceived() {
        RoomLedger room = room();
        MemberLedger sender = member(room, "sender", range(11, 20));
        assertThat(sender.replay(15)).isTrue();
        assertThat(sender.replay(21)).isFalse();
        AuditResult result = Audit.judge(List.of(sender), 0);
        assertThat(result.passed()).isTrue();
        assertThat(result.replays()).isEqualTo(1);
    }
}
