package dev.community.loadtest.abuse;

import java.util.List;
import java.util.UUID;

/**
 * The hostile side of a run: {@code abusers} clients, dealt over {@code kinds} and {@code rooms} like cards,
 * each sending at most {@code ratePerSecond} frames, requests or connects a second. No abusers is the clean run
 * the abusive one is compared with.
 */
public record AbusePlan(int abusers, List<AbuseKind> kinds, List<UUID> rooms, double ratePerSecond, String userPrefix) {
    /** The most abusers one run may start; each is a socket or a stream of requests. */
    public static final int MAX_ABUSERS = 2_000;
    /** The fastest an abuser may go: enough to exceed every default budget many times over. */
    public static final double MAX_RATE = 5_000;

    public static final AbusePlan NONE = new AbusePlan(0, List.of(AbuseKind.values()), List.of(), 1, "none-");

    public AbusePlan {
        kinds = List.copyOf(kinds);
        rooms = List.copyOf(rooms);
        if (abusers < 0 || abusers > MAX_ABUSERS) {
            throw new IllegalArgumentException("--abusers must be 0.." + MAX_ABUSERS);
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("--abuse-kinds needs at least one kind");
        }
        if (!(ratePerSecond > 0) || ratePerSecond > MAX_RATE) {
            throw new IllegalArgumentException("--abuse-rate must be above 0 and at most " + (int) MAX_RATE);
        }
        if (abusers > 0 && rooms.isEmpty()) {
            throw new IllegalArgumentException("abusers need at least one room");
        }
    }

    /** The kind of abuser {@code i}. */
    public AbuseKind kindOf(int i) {
        return kinds.get(i % kinds.size());
    }

    /** The room of abuser {@code i}: abusers of one kind spread over the rooms too. */
    public UUID roomOf(int i) {
        return rooms.get((i / kinds.size()) % rooms.size());
    }

    /** The {@code sub} of abuser {@code i}; distinct from the honest members' ids. */
    public String userOf(int i) {
        return userPrefix + i;
    }
}
