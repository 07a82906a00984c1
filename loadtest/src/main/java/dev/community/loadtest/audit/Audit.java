package dev.community.loadtest.audit;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Judges a stopped run: every message a room acknowledged after a member's start must have reached that member
 * exactly once, in seq order, if the member was still connected at the end. The per-delivery checks (duplicates,
 * order) were made as messages arrived; loss is counted here by matching each member's received ranges against
 * the room's acknowledged seqs, so the cost is one binary search per range, not per message.
 */
public final class Audit {
    /** Examples kept in the result, across all members. */
    static final int MAX_EXAMPLES = 20;

    private Audit() {
    }

    /**
     * @param members    every member ledger of the run
     * @param unanswered sends that got neither an ack nor an error
     */
    public static AuditResult judge(Collection<MemberLedger> members, long unanswered) {
        Map<RoomLedger, long[]> ackedByRoom = new HashMap<>();
        List<String> examples = new ArrayList<>();
        long collisions = 0;
        long acknowledged = 0;
        for (MemberLedger member : members) {
            ackedByRoom.computeIfAbsent(member.room(), RoomLedger::sorted);
        }
        Map<RoomLedger, long[]> distinctByRoom = new HashMap<>();
        for (Map.Entry<RoomLedger, long[]> room : ackedByRoom.entrySet()) {
            long[] sorted = room.getValue();
            long[] distinct = distinct(sorted);
            acknowledged += sorted.length;
            if (distinct.length != sorted.length) {
                collisions += sorted.length - distinct.length;
                example(examples, "room " + room.getKey().roomId() + ": " + (sorted.length - distinct.length)
                        + " seq(s) acknowledged to two different sends");
            }
            distinctByRoom.put(room.getKey(), distinct);
        }
        long audited = 0;
        long notSynced = 0;
        long expected = 0;
        long lost = 0;
        long undelivered = 0;
        long duplicates = 0;
        long reordered = 0;
        long unsynced = 0;
        long replays = 0;
        for (MemberLedger member : members) {
            duplicates += member.duplicates();
            reordered += member.reordered();
            unsynced += member.unsynced();
            replays += member.replays();
            for (String e : member.examples()) {
                example(examples, e);
            }
            if (!member.synced()) {
                notSynced++;
                continue;
            }
            if (!member.auditable()) {
                continue;
            }
            audited++;
            long[] acked = distinctByRoom.get(member.room());
            long upTo = acked.length == 0 ? 0 : acked[acked.length - 1];
            long due = SeqRanges.countBetween(acked, member.startSeq() + 1, upTo);
            long got = member.received().countOf(acked, member.startSeq(), upTo);
            expected += due;
            if (got < due) {
                // Missing seqs above the newest one received are a backlog the drain did not wait out; below it, a gap.
                long last = Math.max(member.lastSeq(), member.startSeq());
                long tail = SeqRanges.countBetween(acked, last + 1, upTo);
                long gap = due - got - tail;
                undelivered += tail;
                lost += gap;
                if (gap > 0) {
                    example(examples, "member " + member.memberId() + " room " + member.room().roomId() + ": "
                            + gap + " acknowledged message(s) skipped, first seq " + firstMissing(acked, member));
                }
                if (tail > 0) {
                    example(examples, "member " + member.memberId() + " room " + member.room().roomId() + ": "
                            + tail + " acknowledged message(s) still undelivered at the end, after seq " + last);
                }
            }
        }
        return new AuditResult(audited, notSynced, acknowledged, expected, lost, undelivered, duplicates, reordered, unsynced,
                collisions, unanswered, replays, List.copyOf(examples));
    }

    private static long firstMissing(long[] acked, MemberLedger member) {
        for (int i = SeqRanges.lowerBound(acked, member.startSeq() + 1); i < acked.length; i++) {
            if (!member.received().contains(acked[i])) {
                return acked[i];
            }
        }
        return -1;
    }

    private static long[] distinct(long[] sorted) {
        int n = 0;
        long[] out = new long[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            if (i == 0 || sorted[i] != sorted[i - 1]) {
                out[n++] = sorted[i];
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private static void example(List<String> examples, String text) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add(text);
        }
    }
}
