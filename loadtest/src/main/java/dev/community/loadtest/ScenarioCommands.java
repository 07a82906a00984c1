package dev.community.loadtest;

import dev.community.loadtest.abuse.AbuseKind;
import dev.community.loadtest.client.ReconnectPolicy;
import dev.community.loadtest.scenario.RestartPlan;
import dev.community.loadtest.scenario.RunPlan;
import dev.community.loadtest.scenario.ScenarioPlans;
import dev.community.loadtest.scenario.Transport;
import dev.community.loadtest.soak.SoakPlan;
import picocli.CommandLine.Command;
import java.util.List;
import picocli.CommandLine.Option;

/** The ten scenario sub-commands; each only maps its options onto {@link ScenarioPlans}. */
final class ScenarioCommands {
    private ScenarioCommands() {
    }

    @Command(name = "fanout", mixinStandardHelpOptions = true,
            description = "One room (the first of --rooms), M members, S of them sending R messages/s each.")
    static final class Fanout extends ScenarioCommand {
        @Option(names = "--members", defaultValue = "100", description = "members in the room (default: ${DEFAULT-VALUE})")
        int members;
        @Option(names = "--senders", defaultValue = "1", description = "how many of them send (default: ${DEFAULT-VALUE})")
        int senders;
        @Option(names = "--rate", defaultValue = "10", description = "messages per second per sender (default: ${DEFAULT-VALUE})")
        double rate;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.fanout(common.userPrefix, common.rooms.get(0), members, senders, rate, bounds);
        }
    }

    @Command(name = "rooms", mixinStandardHelpOptions = true,
            description = "C connections over the K rooms of --rooms, each room at a rate shared by its senders.")
    static final class Rooms extends ScenarioCommand {
        @Option(names = "--members-per-room", defaultValue = "10", description = "(default: ${DEFAULT-VALUE})")
        int membersPerRoom;
        @Option(names = "--senders-per-room", defaultValue = "1", description = "(default: ${DEFAULT-VALUE})")
        int sendersPerRoom;
        @Option(names = "--room-rate", defaultValue = "10", description = "messages per second per room (default: ${DEFAULT-VALUE})")
        double roomRate;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.rooms(common.userPrefix, common.rooms, membersPerRoom, sendersPerRoom, roomRate, bounds);
        }
    }

    @Command(name = "ingest", mixinStandardHelpOptions = true,
            description = "Senders flat out (a window of unanswered sends each): messages durably stored and acknowledged per second.")
    static final class Ingest extends ScenarioCommand {
        @Option(names = "--senders", defaultValue = "8", description = "senders, dealt over --rooms (default: ${DEFAULT-VALUE})")
        int senders;
        @Option(names = "--window", defaultValue = "64", description = "unanswered sends per sender (default: ${DEFAULT-VALUE})")
        int window;
        @Option(names = "--listeners-per-room", defaultValue = "0", description = "silent members per room (default: ${DEFAULT-VALUE})")
        int listeners;
        @Option(names = "--rate", defaultValue = "0", description = "open loop: messages/s offered by all senders together,"
                + " whatever the acks do (the ack latency at a fixed load); 0 = flat out with --window (default: ${DEFAULT-VALUE})")
        double rate;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.ingest(common.userPrefix, common.rooms, senders, window, rate, listeners, bounds);
        }
    }

    @Command(name = "connect-storm", mixinStandardHelpOptions = true,
            description = "C clients connect at once (token, upgrade, room_state): connections/s and time to room_state."
                    + " --duration is how long they are then held.")
    static final class ConnectStorm extends ScenarioCommand {
        @Option(names = "--connections", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
        int connections;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.connectStorm(common.userPrefix, common.rooms, connections, common.connectConcurrency, bounds);
        }
    }

    @Command(name = "idle", mixinStandardHelpOptions = true,
            description = "C idle connections with heartbeats held for --duration; the server's heap per connection"
                    + " (needs --server-pid or --metrics-url).")
    static final class Idle extends ScenarioCommand {
        @Option(names = "--connections", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
        int connections;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.idle(common.userPrefix, common.rooms, connections,
                    Math.round(common.heartbeatSeconds * 1000), bounds);
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Fan-out traffic while random clients drop and reconnect with since_seq; nothing stored may go missing.")
    static final class Resume extends ScenarioCommand {
        @Option(names = "--members-per-room", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
        int membersPerRoom;
        @Option(names = "--senders-per-room", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int sendersPerRoom;
        @Option(names = "--rate", defaultValue = "20", description = "messages per second per sender (default: ${DEFAULT-VALUE})")
        double rate;
        @Option(names = "--drops-per-second", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
        double dropsPerSecond;
        @Option(names = "--reconnect-delay-ms", defaultValue = "200", description = "(default: ${DEFAULT-VALUE})")
        long reconnectDelayMillis;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.resume(common.userPrefix, common.rooms, membersPerRoom, sendersPerRoom, rate,
                    dropsPerSecond, bounds);
        }

        @Override
        boolean reconnect() {
            return true;
        }

        @Override
        ReconnectPolicy reconnectPolicy() {
            return ReconnectPolicy.fixed(reconnectDelayMillis);
        }
    }

    @Command(name = "restart-storm", mixinStandardHelpOptions = true,
            description = "The rooms load; --restart-after seconds into it the harness runs --restart-command, which"
                    + " kills the server (kill -9) and starts it again. Every client resumes with since_seq after a"
                    + " jittered, growing pause; the run reports when they were back, and the audit holds them to"
                    + " every acknowledged message.")
    static final class RestartStorm extends ScenarioCommand {
        @Option(names = "--members-per-room", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
        int membersPerRoom;
        @Option(names = "--senders-per-room", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int sendersPerRoom;
        @Option(names = "--room-rate", defaultValue = "20", description = "messages per second per room (default: ${DEFAULT-VALUE})")
        double roomRate;
        @Option(names = "--restart-after", defaultValue = "5",
                description = "seconds into the send phase (default: ${DEFAULT-VALUE})")
        double restartAfterSeconds;
        @Option(names = "--restart-command", required = true,
                description = "run with sh -c: kills the server and starts it again on the same port and data")
        String restartCommand;
        @Option(names = "--reconnect-first-ms", defaultValue = "250",
                description = "first pause before reconnecting, doubled after each failure (default: ${DEFAULT-VALUE})")
        long firstDelayMillis;
        @Option(names = "--reconnect-max-ms", defaultValue = "4000", description = "longest pause (default: ${DEFAULT-VALUE})")
        long maxDelayMillis;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.restartStorm(common.userPrefix, common.rooms, membersPerRoom, sendersPerRoom, roomRate,
                    new RestartPlan(seconds(restartAfterSeconds), restartCommand), bounds);
        }

        @Override
        boolean reconnect() {
            return true;
        }

        @Override
        ReconnectPolicy reconnectPolicy() {
            // Enough attempts to outlast a restart of a minute or two at the longest pause.
            return new ReconnectPolicy(firstDelayMillis, maxDelayMillis, 40);
        }
    }

    @Command(name = "abuse", mixinStandardHelpOptions = true,
            description = "The rooms scenario's honest members, with hostile clients beside them: sockets that stop"
                    + " reading, request and typing floods, connection churn and REST floods. Compare with the same"
                    + " run with --abusers=0: the honest delivery p99 and the server's heap and RSS (give"
                    + " --server-pid and --metrics-url). Plain http:// only.")
    static final class Abuse extends ScenarioCommand {
        @Option(names = "--members-per-room", defaultValue = "20", description = "honest members (default: ${DEFAULT-VALUE})")
        int membersPerRoom;
        @Option(names = "--senders-per-room", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int sendersPerRoom;
        @Option(names = "--room-rate", defaultValue = "20", description = "messages per second per room (default: ${DEFAULT-VALUE})")
        double roomRate;
        @Option(names = "--abusers", defaultValue = "10",
                description = "hostile clients, 0 for the clean run (default: ${DEFAULT-VALUE})")
        int abusers;
        @Option(names = "--abuse-kinds", split = ",",
                defaultValue = "stop-reading,request-flood,typing-flood,churn,rest-flood",
                description = "what the abusers do, dealt round robin (default: ${DEFAULT-VALUE})")
        List<String> kinds;
        @Option(names = "--abuse-rate", defaultValue = "200",
                description = "frames, requests or connects per second per abuser (default: ${DEFAULT-VALUE})")
        double abuseRate;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            if (common.target().tls() && abusers > 0) {
                throw new IllegalArgumentException("abuse runs against a plain http:// --url only");
            }
            return ScenarioPlans.abuse(common.userPrefix, common.rooms, membersPerRoom, sendersPerRoom, roomRate,
                    abusers, kinds.stream().map(AbuseKind::parse).toList(), abuseRate, bounds);
        }
    }

    @Command(name = "soak", mixinStandardHelpOptions = true,
            description = "A long run of mixed traffic: the rooms load (--stream-percent of the member positions on"
                    + " user streams) with about --churn-percent of the connections a second dropping and resuming with"
                    + " since_seq, REST reads, posts, reactions, moderation and DMs"
                    + " beside it, and optionally --fault-command every --fault-every seconds. Samples the server's"
                    + " heap after GC, direct memory, open files, threads, blocking queue and the p99 every"
                    + " --resource-every seconds (give --metrics-url) and fits a trend line to each; the audit at the"
                    + " end covers every message, socket and REST.")
    static final class Soak extends ScenarioCommand {
        @Option(names = "--members-per-room", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
        int membersPerRoom;
        @Option(names = "--senders-per-room", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int sendersPerRoom;
        @Option(names = "--room-rate", defaultValue = "5", description = "messages per second per room (default: ${DEFAULT-VALUE})")
        double roomRate;
        @Option(names = "--churn-percent", defaultValue = "1",
                description = "percent of the clients dropped (and resumed with since_seq) per second (default: ${DEFAULT-VALUE})")
        double churnPercent;
        @Option(names = "--rest-rate", defaultValue = "5",
                description = "REST actions per second: read, post, reaction, moderation, DM in turn (default: ${DEFAULT-VALUE})")
        double restRate;
        @Option(names = "--resource-every", defaultValue = "60",
                description = "seconds between resource samples for the trend (default: ${DEFAULT-VALUE})")
        double resourceEverySeconds;
        @Option(names = "--fault-command", description = "run with sh -c every --fault-every seconds (e.g. restart a"
                + " node, kill a Redis master); none by default")
        String faultCommand;
        @Option(names = "--fault-every", defaultValue = "300", description = "(default: ${DEFAULT-VALUE})")
        double faultEverySeconds;
        @Option(names = "--reconnect-delay-ms", defaultValue = "200", description = "(default: ${DEFAULT-VALUE})")
        long reconnectDelayMillis;
        @Option(names = "--stream-percent", defaultValue = "0",
                description = "percent of the member positions held over user streams: the members at such a position"
                        + " in every room are one user with one stream subscribed to all of --rooms, dropped and"
                        + " resumed (one since_seq per room) like the room sockets (default: ${DEFAULT-VALUE})")
        double streamPercent;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            SoakPlan soak = new SoakPlan(common.rooms, common.userPrefix, restRate, seconds(resourceEverySeconds),
                    faultCommand, seconds(faultEverySeconds));
            return ScenarioPlans.soak(common.userPrefix, common.rooms, membersPerRoom, sendersPerRoom, roomRate,
                    churnPercent, streamPercent, soak, bounds);
        }

        @Override
        boolean reconnect() {
            return true;
        }

        @Override
        ReconnectPolicy reconnectPolicy() {
            // A fault (a node restarted) may keep clients away for a while: enough attempts to outlast a minute.
            return new ReconnectPolicy(reconnectDelayMillis, 4000, 40);
        }
    }

    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = "--users users, each a member of --rooms-per-user of the --rooms, with one user stream each"
                    + " subscribing to all of its rooms (--transport=stream), or the same population on a room socket"
                    + " per user per room (--transport=sockets) for comparison. The first --senders users send --rate"
                    + " messages a second into each of their rooms (with room_id on the stream); every delivery is"
                    + " audited per room per member. Weighs the server's heap per connection (give --server-pid or"
                    + " --metrics-url).")
    static final class Stream extends ScenarioCommand {
        @Option(names = "--users", defaultValue = "100", description = "(default: ${DEFAULT-VALUE})")
        int users;
        @Option(names = "--rooms-per-user", defaultValue = "3",
                description = "rooms each user is in, at most the number of --rooms (default: ${DEFAULT-VALUE})")
        int roomsPerUser;
        @Option(names = "--senders", defaultValue = "10",
                description = "users who send, the first ones; 0 for probes only (default: ${DEFAULT-VALUE})")
        int senders;
        @Option(names = "--rate", defaultValue = "1",
                description = "messages per second per sender per room (default: ${DEFAULT-VALUE})")
        double rate;
        @Option(names = "--transport", defaultValue = "stream",
                description = "stream: one user stream per user; sockets: a room socket per user per room (default: ${DEFAULT-VALUE})")
        String transport;

        @Override
        RunPlan plan(ScenarioPlans.Bounds bounds) {
            return ScenarioPlans.stream(common.userPrefix, common.rooms, users, roomsPerUser, senders, rate,
                    Transport.parse(transport), bounds);
        }
    }
}
