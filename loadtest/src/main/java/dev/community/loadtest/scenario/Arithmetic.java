package dev.community.loadtest.scenario;

/**
 * The sums behind the scenarios: how clients spread over rooms, how a room's rate spreads over its senders, and
 * what a run can at most send and deliver within its bounds.
 */
public final class Arithmetic {
    private Arithmetic() {
    }

    /** The room of client {@code index} when clients are dealt over {@code rooms} rooms like cards. */
    public static int roomOf(int index, int rooms) {
        return index % rooms;
    }

    /** The client's position among its room's members when dealt like cards (0 for each room's first). */
    public static int positionInRoom(int index, int rooms) {
        return index / rooms;
    }

    /** How many of {@code clients} clients dealt over {@code rooms} rooms land in {@code room}. */
    public static int membersOf(int room, int clients, int rooms) {
        return clients / rooms + (room < clients % rooms ? 1 : 0);
    }

    /** Each sender's rate when {@code senders} share a room's {@code roomRate} messages a second. */
    public static double perSenderRate(double roomRate, int senders) {
        if (senders < 1) {
            throw new IllegalArgumentException("a room needs at least one sender to have a rate");
        }
        return roomRate / senders;
    }

    /**
     * The most a paced run can send: {@code senders × rate × seconds}, capped by the run's message budget.
     */
    public static long plannedMessages(int senders, double ratePerSender, double seconds, long maxMessages) {
        double planned = Math.floor(senders * ratePerSender * seconds);
        return (long) Math.min(planned, maxMessages);
    }

    /** Deliveries the server owes for {@code messages} messages in a room of {@code members} (the sender included). */
    public static long plannedDeliveries(long messages, int members) {
        return Math.multiplyExact(messages, (long) members);
    }
}
