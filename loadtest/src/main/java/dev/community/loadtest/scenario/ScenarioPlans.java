package dev.community.loadtest.scenario;

import dev.community.loadtest.abuse.AbuseKind;
import dev.community.loadtest.abuse.AbusePlan;
import dev.community.loadtest.client.SendMode;
import dev.community.loadtest.soak.SoakPlan;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The ten scenarios as plans. Clients are dealt over rooms like cards (client {@code i} joins room
 * {@code i mod K}), so consecutive clients — and so event loops and source addresses — are spread over the
 * rooms evenly.
 */
public final class ScenarioPlans {
    /** Probe messages per room for scenarios without traffic of their own. */
    static final int PROBES_PER_ROOM = 3;

    private ScenarioPlans() {
    }

    /** The bounds every plan shares. */
    public record Bounds(Duration duration, long maxMessages, Duration connectDeadline, Duration drainTimeout) {
        public Bounds {
            if (duration.isNegative() || maxMessages < 0) {
                throw new IllegalArgumentException("a run needs a duration and a message budget of at least 0");
            }
        }
    }

    /** 1. One room, {@code members} members of whom the first {@code senders} send {@code rate} messages a second each. */
    public static RunPlan fanout(String userPrefix, UUID room, int members, int senders, double rate, Bounds bounds) {
        require(members >= 1, "--members must be at least 1");
        require(senders >= 1 && senders <= members, "--senders must be 1..members");
        List<ClientSpec> clients = new ArrayList<>(members);
        for (int i = 0; i < members; i++) {
            clients.add(new ClientSpec(i, userPrefix + i, room, i < senders ? new SendMode.Paced(rate) : SendMode.SILENT));
        }
        Map<String, Object> params = params("room", room, "members", members, "senders", senders, "rate_per_sender", rate,
                "planned_messages", Arithmetic.plannedMessages(senders, rate, bounds.duration.toMillis() / 1000.0,
                        bounds.maxMessages),
                "planned_deliveries", Arithmetic.plannedDeliveries(Arithmetic.plannedMessages(senders, rate,
                        bounds.duration.toMillis() / 1000.0, bounds.maxMessages), members));
        return plan("fanout", params, clients, bounds, 0, 0, false);
    }

    /**
     * 2. {@code membersPerRoom} members in each of {@code rooms}; in each room the first {@code sendersPerRoom}
     * share {@code roomRate} messages a second.
     */
    public static RunPlan rooms(String userPrefix, List<UUID> rooms, int membersPerRoom, int sendersPerRoom,
                                double roomRate, Bounds bounds) {
        require(!rooms.isEmpty(), "rooms needs at least one room");
        require(membersPerRoom >= 1, "--members-per-room must be at least 1");
        require(sendersPerRoom >= 1 && sendersPerRoom <= membersPerRoom, "--senders-per-room must be 1..members-per-room");
        double perSender = Arithmetic.perSenderRate(roomRate, sendersPerRoom);
        int total = rooms.size() * membersPerRoom;
        List<ClientSpec> clients = new ArrayList<>(total);
        for (int i = 0; i < total; i++) {
            UUID room = rooms.get(Arithmetic.roomOf(i, rooms.size()));
            boolean sender = Arithmetic.positionInRoom(i, rooms.size()) < sendersPerRoom;
            clients.add(new ClientSpec(i, userPrefix + i, room, sender ? new SendMode.Paced(perSender) : SendMode.SILENT));
        }
        Map<String, Object> params = params("rooms", rooms.size(), "connections", total, "members_per_room",
                membersPerRoom, "senders_per_room", sendersPerRoom, "rate_per_room", roomRate,
                "planned_messages", Arithmetic.plannedMessages(rooms.size() * sendersPerRoom, perSender,
                        bounds.duration.toMillis() / 1000.0, bounds.maxMessages));
        return plan("rooms", params, clients, bounds, 0, 0, false);
    }

    /**
     * 3. {@code senders} senders dealt over {@code rooms}, each keeping {@code window} sends in flight, plus
     * {@code listenersPerRoom} silent members in each room.
     */
    public static RunPlan ingest(String userPrefix, List<UUID> rooms, int senders, int window, int listenersPerRoom,
                                 Bounds bounds) {
        return ingest(userPrefix, rooms, senders, window, 0, listenersPerRoom, bounds);
    }

    /**
     * 3. As above; with {@code rate} > 0 the senders are open-loop instead: together they offer {@code rate}
     * messages a second whatever the acknowledgements do (the ack latency at a fixed offered load).
     */
    public static RunPlan ingest(String userPrefix, List<UUID> rooms, int senders, int window, double rate,
                                 int listenersPerRoom, Bounds bounds) {
        require(!rooms.isEmpty(), "ingest needs at least one room");
        require(senders >= 1, "--senders must be at least 1");
        require(window >= 1, "--window must be at least 1");
        require(rate >= 0, "--rate must be at least 0");
        require(listenersPerRoom >= 0, "--listeners-per-room must be at least 0");
        List<ClientSpec> clients = new ArrayList<>();
        for (int i = 0; i < senders; i++) {
            SendMode mode = rate > 0 ? new SendMode.Paced(rate / senders) : new SendMode.Window(window);
            clients.add(new ClientSpec(i, userPrefix + i, rooms.get(Arithmetic.roomOf(i, rooms.size())), mode));
        }
        for (int j = 0; j < listenersPerRoom * rooms.size(); j++) {
            int i = senders + j;
            clients.add(new ClientSpec(i, userPrefix + i, rooms.get(Arithmetic.roomOf(j, rooms.size())), SendMode.SILENT));
        }
        Map<String, Object> params = params("rooms", rooms.size(), "senders", senders, "window", window,
                "rate", rate, "listeners_per_room", listenersPerRoom);
        return plan("ingest", params, clients, bounds, 0, 0, false);
    }

    /** 4. {@code connections} clients dealt over {@code rooms} connect at once; then a few probes per room. */
    public static RunPlan connectStorm(String userPrefix, List<UUID> rooms, int connections, int concurrency,
                                       Bounds bounds) {
        require(connections >= 1, "--connections must be at least 1");
        Map<String, Object> params = params("rooms", rooms.size(), "connections", connections,
                "connect_concurrency", concurrency);
        return plan("connect-storm", params, silent(userPrefix, rooms, connections), bounds, PROBES_PER_ROOM, 0, false);
    }

    /** 5. {@code connections} idle clients (heartbeats only) held for the run's duration; heap per connection. */
    public static RunPlan idle(String userPrefix, List<UUID> rooms, int connections, long heartbeatMillis,
                               Bounds bounds) {
        require(connections >= 1, "--connections must be at least 1");
        Map<String, Object> params = params("rooms", rooms.size(), "connections", connections,
                "heartbeat_ms", heartbeatMillis, "hold_seconds", bounds.duration.toSeconds());
        return plan("idle", params, silent(userPrefix, rooms, connections), bounds, PROBES_PER_ROOM, 0, true);
    }

    /**
     * 6. As fanout over {@code rooms}, while {@code dropsPerSecond} random clients drop their connection and
     * resume with since_seq after the reconnect delay.
     */
    public static RunPlan resume(String userPrefix, List<UUID> rooms, int membersPerRoom, int sendersPerRoom,
                                 double ratePerSender, double dropsPerSecond, Bounds bounds) {
        require(dropsPerSecond > 0, "--drops-per-second must be above 0");
        RunPlan base = rooms(userPrefix, rooms, membersPerRoom, sendersPerRoom, ratePerSender * sendersPerRoom, bounds);
        Map<String, Object> params = new LinkedHashMap<>(base.parameters());
        params.put("drops_per_second", dropsPerSecond);
        return plan("resume", params, base.clients(), bounds, 0, dropsPerSecond, false);
    }

    /**
     * 7. The rooms scenario's honest members, with {@code abusers} hostile clients beside them during the send
     * phase, dealt over {@code kinds} and the rooms; each sends {@code abuseRate} frames, requests or connects a
     * second. With no abusers it is the clean run the abusive one is compared with.
     */
    public static RunPlan abuse(String userPrefix, List<UUID> rooms, int membersPerRoom, int sendersPerRoom,
                                double roomRate, int abusers, List<AbuseKind> kinds, double abuseRate, Bounds bounds) {
        RunPlan honest = rooms(userPrefix, rooms, membersPerRoom, sendersPerRoom, roomRate, bounds);
        AbusePlan abuse = new AbusePlan(abusers, kinds, rooms, abuseRate, userPrefix + "abuser-");
        Map<String, Object> params = new LinkedHashMap<>(honest.parameters());
        params.put("abusers", abusers);
        params.put("abuse_kinds", kinds.stream().map(AbuseKind::label).toList());
        params.put("abuse_rate", abuseRate);
        RunPlan plan = plan("abuse", params, honest.clients(), bounds, 0, 0, false);
        return new RunPlan(plan.scenario(), plan.parameters(), plan.clients(), plan.connectDeadline(),
                plan.sendDuration(), plan.maxMessages(), plan.probesPerRoom(), plan.dropsPerSecond(),
                plan.drainTimeout(), plan.measureIdleHeap(), abuse, null, null, Transport.SOCKETS);
    }

    /**
     * 8. The rooms load, and {@code restart.after()} into it the server killed and started again by
     * {@code restart.command()}: every client resumes with since_seq after a jittered back-off, and the audit holds
     * them to every acknowledged message.
     */
    public static RunPlan restartStorm(String userPrefix, List<UUID> rooms, int membersPerRoom, int sendersPerRoom,
                                       double roomRate, RestartPlan restart, Bounds bounds) {
        require(restart.after().compareTo(bounds.duration) < 0, "--restart-after must be within --duration");
        RunPlan load = rooms(userPrefix, rooms, membersPerRoom, sendersPerRoom, roomRate, bounds);
        Map<String, Object> params = new LinkedHashMap<>(load.parameters());
        params.put("restart_after_seconds", restart.after().toMillis() / 1000.0);
        params.put("restart_command", restart.command());
        RunPlan plan = plan("restart-storm", params, load.clients(), bounds, 0, 0, false);
        return new RunPlan(plan.scenario(), plan.parameters(), plan.clients(), plan.connectDeadline(),
                plan.sendDuration(), plan.maxMessages(), plan.probesPerRoom(), plan.dropsPerSecond(),
                plan.drainTimeout(), plan.measureIdleHeap(), AbusePlan.NONE, restart, null, Transport.SOCKETS);
    }

    /**
     * 9. A long run of mixed traffic: the rooms load, {@code churnPercent} % of the connections a second dropping
     * and resuming with since_seq, and beside it {@code soak}'s REST mix (reads, posts, reactions, moderation, DMs),
     * its fault command every few minutes, and the server's resources sampled for their trend.
     *
     * <p>About {@code streamPercent} % of the positions in the rooms are held over user streams: the members at
     * such a position {@code p} in every room are one user ({@code PREFIXs<p>}) with one stream subscribed to all the
     * rooms (senders included when their position is chosen), which a drop ends as a whole and a resume subscribes
     * again room by room with each room's since_seq. The positions are spread evenly
     * ({@link #streamPosition(int, double)}).
     */
    public static RunPlan soak(String userPrefix, List<UUID> rooms, int membersPerRoom, int sendersPerRoom,
                               double roomRate, double churnPercent, double streamPercent, SoakPlan soak, Bounds bounds) {
        require(churnPercent >= 0 && churnPercent <= 100, "--churn-percent must be 0..100");
        require(streamPercent >= 0 && streamPercent <= 100, "--stream-percent must be 0..100");
        require(rooms.size() <= MAX_STREAM_ROOMS || streamPercent == 0,
                "--stream-percent needs at most " + MAX_STREAM_ROOMS + " --rooms (a stream's default subscription cap)");
        RunPlan load = rooms(userPrefix, rooms, membersPerRoom, sendersPerRoom, roomRate, bounds);
        List<ClientSpec> clients = new ArrayList<>(load.clients().size());
        int streamUsers = 0;
        for (ClientSpec client : load.clients()) {
            int position = Arithmetic.positionInRoom(client.index(), rooms.size());
            if (streamPosition(position, streamPercent)) {
                clients.add(new ClientSpec(client.index(), userPrefix + "s" + position, client.roomId(), client.mode(),
                        true));
                streamUsers += Arithmetic.roomOf(client.index(), rooms.size()) == 0 ? 1 : 0;
            } else {
                clients.add(client);
            }
        }
        int connections = clients.size() - streamUsers * (rooms.size() - 1);
        // Churn counts connections: a stream is one, however many rooms it carries.
        double drops = connections * churnPercent / 100.0;
        Map<String, Object> params = new LinkedHashMap<>(load.parameters());
        params.put("connections", connections);
        params.put("stream_percent", streamPercent);
        params.put("stream_users", streamUsers);
        params.put("stream_subscriptions", streamUsers * rooms.size());
        params.put("churn_percent_per_second", churnPercent);
        params.put("drops_per_second", drops);
        params.put("rest_rate", soak.restRate());
        params.put("resource_every_seconds", soak.resourceEvery().toMillis() / 1000.0);
        params.put("fault_command", soak.faultCommand() == null ? "" : soak.faultCommand());
        params.put("fault_every_seconds", soak.faultCommand() == null ? 0 : soak.faultEvery().toMillis() / 1000.0);
        RunPlan plan = plan("soak", params, clients, bounds, 0, drops, false);
        return new RunPlan(plan.scenario(), plan.parameters(), plan.clients(), plan.connectDeadline(),
                plan.sendDuration(), plan.maxMessages(), plan.probesPerRoom(), plan.dropsPerSecond(),
                plan.drainTimeout(), plan.measureIdleHeap(), AbusePlan.NONE, null, soak, Transport.SOCKETS);
    }

    /**
     * 10. {@code users} users, user {@code u} a member of the {@code roomsPerUser} rooms {@code u}, {@code u+1}, …
     * (mod the rooms given), so every room gets about as many members; the first {@code senders} users send
     * {@code rate} messages a second into each of their rooms. Over {@link Transport#STREAM} each user holds one
     * stream subscribing to all of its rooms, over {@link Transport#SOCKETS} a room socket per room: the same
     * population, so the two can be compared. Client {@code u * roomsPerUser + k} is user {@code u} in its
     * {@code k}-th room. The server's heap is weighed before connecting and after the send phase, per connection.
     */
    public static RunPlan stream(String userPrefix, List<UUID> rooms, int users, int roomsPerUser, int senders,
                                 double rate, Transport transport, Bounds bounds) {
        require(!rooms.isEmpty(), "stream needs at least one room");
        require(users >= 1, "--users must be at least 1");
        require(roomsPerUser >= 1 && roomsPerUser <= rooms.size(), "--rooms-per-user must be 1..the number of --rooms");
        require(senders >= 0 && senders <= users, "--senders must be 0..users");
        require(rate > 0, "--rate must be above 0");
        List<ClientSpec> clients = new ArrayList<>(users * roomsPerUser);
        for (int u = 0; u < users; u++) {
            SendMode mode = u < senders ? new SendMode.Paced(rate) : SendMode.SILENT;
            for (int k = 0; k < roomsPerUser; k++) {
                clients.add(new ClientSpec(u * roomsPerUser + k, userPrefix + u, rooms.get((u + k) % rooms.size()), mode));
            }
        }
        double seconds = bounds.duration.toMillis() / 1000.0;
        Map<String, Object> params = params("transport", transport.label(), "users", users, "rooms", rooms.size(),
                "rooms_per_user", roomsPerUser, "subscriptions", clients.size(),
                "connections", transport == Transport.STREAM ? users : clients.size(), "senders", senders,
                "rate_per_sender_room", rate,
                "planned_messages", Arithmetic.plannedMessages(senders * roomsPerUser, rate, seconds, bounds.maxMessages));
        RunPlan plan = plan("stream", params, clients, bounds, senders == 0 ? PROBES_PER_ROOM : 0, 0, true);
        return new RunPlan(plan.scenario(), plan.parameters(), plan.clients(), plan.connectDeadline(),
                plan.sendDuration(), plan.maxMessages(), plan.probesPerRoom(), plan.dropsPerSecond(),
                plan.drainTimeout(), plan.measureIdleHeap(), AbusePlan.NONE, null, null, transport);
    }

    /** The most rooms a soak's stream may subscribe (the server's default {@code ws.max_subscriptions}). */
    static final int MAX_STREAM_ROOMS = 100;

    /**
     * Whether the members at {@code position} in the rooms are a stream user: spread evenly, {@code percent} of
     * every hundred positions (at 50 every second one, the first sender's neighbour included).
     */
    static boolean streamPosition(int position, double percent) {
        return Math.floor((position + 1) * percent / 100) > Math.floor(position * percent / 100);
    }

    private static List<ClientSpec> silent(String userPrefix, List<UUID> rooms, int connections) {
        require(!rooms.isEmpty(), "at least one room is needed");
        List<ClientSpec> clients = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            clients.add(new ClientSpec(i, userPrefix + i, rooms.get(Arithmetic.roomOf(i, rooms.size())), SendMode.SILENT));
        }
        return clients;
    }

    private static RunPlan plan(String name, Map<String, Object> params, List<ClientSpec> clients, Bounds bounds,
                                int probes, double drops, boolean idleHeap) {
        params.put("duration_seconds", bounds.duration.toMillis() / 1000.0);
        params.put("max_messages", bounds.maxMessages);
        return new RunPlan(name, params, List.copyOf(clients), bounds.connectDeadline, bounds.duration,
                bounds.maxMessages, probes, drops, bounds.drainTimeout, idleHeap, AbusePlan.NONE, null, null,
                Transport.SOCKETS);
    }

    private static Map<String, Object> params(Object... keyValues) {
        Map<String, Object> params = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            Object value = keyValues[i + 1];
            params.put((String) keyValues[i], value instanceof UUID ? value.toString() : value);
        }
        return params;
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
