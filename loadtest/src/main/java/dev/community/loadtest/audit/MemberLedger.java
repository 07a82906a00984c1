package dev.community.loadtest.audit;

import java.util.ArrayList;
import java.util.List;

/**
 * What one member (a simulated client, across all its reconnections) received in one room, checked as it
 * arrives: after its first room_state (whose newest seq is the start), every delivery must carry a seq above
 * the last one. A seq seen before is a duplicate, a new seq below the last one arrived out of order. Loss is
 * judged at the end against the room's acknowledged seqs ({@link Audit}).
 *
 * <p>Confined to the client's event loop while the run is live, except {@link #lastSeq()}, which the run reads
 * from elsewhere to see whether delivery has caught up.
 */
public final class MemberLedger {
    /** Enough examples to diagnose a failure without flooding the report. */
    static final int MAX_EXAMPLES = 3;

    /** How one received seq was judged. */
    public enum Receipt {
        /** Above every seq this member received before: what the contract promises. */
        IN_ORDER,
        /** Received before (or carried by the first room_state): the member got it twice. */
        DUPLICATE,
        /** Not received before, but below one that was: delivered out of seq order. */
        REORDERED,
        /** A delivery before the member's first room_state, which the contract rules out. */
        UNSYNCED
    }

    private final String memberId;
    private final RoomLedger room;
    private final SeqRanges received = new SeqRanges();
    private final List<String> examples = new ArrayList<>(0);
    private long startSeq = -1;
    private volatile long lastSeq;
    private long duplicates;
    private long reordered;
    private long unsynced;
    private long replays;
    private boolean auditable;

    public MemberLedger(String memberId, RoomLedger room) {
        this.memberId = memberId;
        this.room = room;
    }

    public String memberId() {
        return memberId;
    }

    public RoomLedger room() {
        return room;
    }

    public boolean synced() {
        return startSeq >= 0;
    }

    /** The seq after which this member must see every acknowledged message; -1 before the first room_state. */
    public long startSeq() {
        return startSeq;
    }

    /** The highest seq received (or the start): what a resume asks for as since_seq. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * The member's first room_state, whose newest message (or last_seq when it has none) is {@code seq}. Later
     * room_states (resumes) do not move the start: their messages are deliveries like any other.
     */
    public void start(long seq) {
        if (startSeq < 0) {
            startSeq = seq;
            lastSeq = Math.max(lastSeq, seq);
        }
    }

    /** A delivery (live new_message, or a message carried by a resume's room_state). */
    public Receipt receive(long seq) {
        if (startSeq < 0) {
            unsynced++;
            example("seq " + seq + " delivered before room_state");
            return Receipt.UNSYNCED;
        }
        if (seq > lastSeq) {
            received.add(seq);
            lastSeq = seq;
            return Receipt.IN_ORDER;
        }
        return late(seq);
    }

    /**
     * A message fetched with request_history to fill a resume's gap: it may be below the last seq, so only a
     * second copy counts against the server.
     */
    public Receipt recover(long seq) {
        if (seq <= startSeq || received.contains(seq)) {
            duplicates++;
            example("seq " + seq + " recovered twice");
            return Receipt.DUPLICATE;
        }
        received.add(seq);
        if (seq > lastSeq) {
            lastSeq = seq;
        }
        return Receipt.IN_ORDER;
    }

    /**
     * A second copy of {@code seq} that the contract allows: the answer to re-sending a client_id whose first
     * send was stored (PROTOCOL.md §2.2). Returns false when the seq was in fact never received, which is then
     * judged as an ordinary delivery.
     */
    public boolean replay(long seq) {
        if (seq <= startSeq || received.contains(seq)) {
            replays++;
            return true;
        }
        return false;
    }

    private Receipt late(long seq) {
        if (seq <= startSeq || received.contains(seq)) {
            duplicates++;
            example("seq " + seq + " delivered twice");
            return Receipt.DUPLICATE;
        }
        reordered++;
        received.add(seq);
        example("seq " + seq + " delivered after seq " + lastSeq);
        return Receipt.REORDERED;
    }

    /** Marks whether the member was still connected (or had resumed) when the run stopped: only those are held to every message. */
    public void auditable(boolean value) {
        this.auditable = value;
    }

    public boolean auditable() {
        return auditable;
    }

    public long duplicates() {
        return duplicates;
    }

    public long reordered() {
        return reordered;
    }

    public long unsynced() {
        return unsynced;
    }

    public long replays() {
        return replays;
    }

    public long receivedCount() {
        return received.count();
    }

    SeqRanges received() {
        return received;
    }

    List<String> examples() {
        return examples;
    }

    private void example(String what) {
        if (examples.size() < MAX_EXAMPLES) {
            examples.add("member " + memberId + " room " + room.roomId() + ": " + what);
        }
    }
}
