package dev.community.loadtest.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.loadtest.abuse.AbuseKind;
import dev.community.loadtest.abuse.AbusePlan;
import dev.community.loadtest.client.SendMode;
import dev.community.loadtest.soak.SoakPlan;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioPlansTest {
    private static final UUID A = UUID.fromString("00000000-0000-7000-8000-00000000000a");
    private static final UUID B = UUID.fromString("00000000-0000-7000-8000-00000000000b");
    private static final ScenarioPlans.Bounds BOUNDS = new ScenarioPlans.Bounds(Duration.ofSeconds(10), 1_000_000,
            Duration.ofSeconds(60), Duration.ofSeconds(5));

    @Test
    void fanoutMakesTheFirstSendersPacedAndTheRestSilent() {
        RunPlan plan = ScenarioPlans.fanout("u", A, 5, 2, 50, BOUNDS);
        assertThat(plan.clients()).hasSize(5).allSatisfy(c -> assertThat(c.roomId()).isEqualTo(A));
        assertThat(plan.clients()).extracting(ClientSpec::mode)
                .containsExactly(new SendMode.Paced(50), new SendMode.Paced(50), SendMode.SILENT, SendMode.SILENT, SendMode.SILENT);
        assertThat(plan.clients()).extracting(ClientSpec::userId).containsExactly("u0", "u1", "u2", "u3", "u4");
        assertThat(plan.parameters()).containsEntry("planned_messages", 1000L).containsEntry("planned_deliveries", 5000L);
    }

    @Test
    void abuseIsTheRoomsLoadWithAbusersBesideIt() {
        RunPlan plan = ScenarioPlans.abuse("u", List.of(A, B), 3, 1, 10, 4,
                List.of(AbuseKind.CHURN, AbuseKind.TYPING_FLOOD), 50, BOUNDS);
        RunPlan honest = ScenarioPlans.rooms("u", List.of(A, B), 3, 1, 10, BOUNDS);
        assertThat(plan.scenario()).isEqualTo("abuse");
        assertThat(plan.clients()).isEqualTo(honest.clients());
        assertThat(plan.abuse()).isEqualTo(new AbusePlan(4, List.of(AbuseKind.CHURN, AbuseKind.TYPING_FLOOD),
                List.of(A, B), 50, "uabuser-"));
        assertThat(plan.parameters()).containsEntry("abusers", 4).containsEntry("abuse_rate", 50.0)
                .containsEntry("abuse_kinds", List.of("churn", "typing-flood"));
        assertThat(honest.abuse()).isEqualTo(AbusePlan.NONE);
    }

    @Test
    void restartStormIsTheRoomsLoadWithARestartWithinTheRun() {
        RestartPlan restart = new RestartPlan(Duration.ofSeconds(3), "sh restart.sh");
        RunPlan plan = ScenarioPlans.restartStorm("u", List.of(A, B), 3, 1, 10, restart, BOUNDS);
        assertThat(plan.scenario()).isEqualTo("restart-storm");
        assertThat(plan.clients()).isEqualTo(ScenarioPlans.rooms("u", List.of(A, B), 3, 1, 10, BOUNDS).clients());
        assertThat(plan.restart()).isEqualTo(restart);
        assertThat(plan.parameters()).containsEntry("restart_after_seconds", 3.0)
                .containsEntry("restart_command", "sh restart.sh");
        assertThatThrownBy(() -> ScenarioPlans.restartStorm("u", List.of(A), 3, 1, 10,
                new RestartPlan(Duration.ofSeconds(10), "x"), BOUNDS)).hasMessage("--restart-after must be within --duration");
        assertThatThrownBy(() -> new RestartPlan(Duration.ZERO, " ")).hasMessageContaining("--restart-command is required");
    }

    @Test
    void roomsSharesEachRoomsRateAmongItsSenders() {
        RunPlan plan = ScenarioPlans.rooms("u", List.of(A, B), 3, 2, 30, BOUNDS);
        assertThat(plan.clients()).hasSize(6);
        assertThat(plan.clients().stream().filter(c -> c.roomId().equals(A))).hasSize(3);
        assertThat(plan.clients().stream().filter(c -> c.roomId().equals(B) && c.mode() instanceof SendMode.Paced))
                .hasSize(2).allSatisfy(c -> assertThat(c.mode()).isEqualTo(new SendMode.Paced(15)));
    }

    @Test
    void ingestDealsSendersOverRoomsAndAddsListeners() {
        RunPlan plan = ScenarioPlans.ingest("u", List.of(A, B), 3, 16, 2, BOUNDS);
        assertThat(plan.clients()).hasSize(7);
        assertThat(plan.clients().stream().filter(c -> c.mode() instanceof SendMode.Window)).hasSize(3);
        assertThat(plan.clients().stream().filter(c -> c.mode() == SendMode.SILENT && c.roomId().equals(A))).hasSize(2);
        assertThat(plan.clients()).extracting(ClientSpec::index).containsExactly(0, 1, 2, 3, 4, 5, 6);
    }

    @Test
    void ingestAtARateSharesItOverOpenLoopSenders() {
        RunPlan plan = ScenarioPlans.ingest("u", List.of(A, B), 4, 64, 10_000, 0, BOUNDS);
        assertThat(plan.clients()).hasSize(4)
                .allSatisfy(c -> assertThat(c.mode()).isEqualTo(new SendMode.Paced(2_500)));
        assertThat(plan.parameters()).containsEntry("rate", 10_000.0);
    }

    @Test
    void silentScenariosProbeAfterwardsAndIdleMeasuresTheHeap() {
        RunPlan storm = ScenarioPlans.connectStorm("u", List.of(A, B), 11, 100, BOUNDS);
        RunPlan idle = ScenarioPlans.idle("u", List.of(A), 4, 30_000, BOUNDS);
        assertThat(storm.clients()).hasSize(11).allSatisfy(c -> assertThat(c.mode()).isEqualTo(SendMode.SILENT));
        assertThat(storm.probesPerRoom()).isPositive();
        assertThat(storm.measureIdleHeap()).isFalse();
        assertThat(idle.measureIdleHeap()).isTrue();
        assertThat(idle.probesPerRoom()).isPositive();
    }

    @Test
    void resumeIsFanoutAcrossRoomsWithDrops() {
        RunPlan plan = ScenarioPlans.resume("u", List.of(A), 10, 2, 5, 3, BOUNDS);
        assertThat(plan.dropsPerSecond()).isEqualTo(3);
        assertThat(plan.clients().stream().filter(c -> c.mode() instanceof SendMode.Paced))
                .hasSize(2).allSatisfy(c -> assertThat(c.mode()).isEqualTo(new SendMode.Paced(5)));
    }

    static Stream<Arguments> invalid() {
        return Stream.of(
                Arguments.of("no members", (Supplier<RunPlan>) () -> ScenarioPlans.fanout("u", A, 0, 0, 1, BOUNDS)),
                Arguments.of("more senders than members", (Supplier<RunPlan>) () -> ScenarioPlans.fanout("u", A, 2, 3, 1, BOUNDS)),
                Arguments.of("zero rate", (Supplier<RunPlan>) () -> ScenarioPlans.fanout("u", A, 2, 1, 0, BOUNDS)),
                Arguments.of("no rooms", (Supplier<RunPlan>) () -> ScenarioPlans.rooms("u", List.of(), 2, 1, 1, BOUNDS)),
                Arguments.of("zero window", (Supplier<RunPlan>) () -> ScenarioPlans.ingest("u", List.of(A), 1, 0, 0, BOUNDS)),
                Arguments.of("no connections", (Supplier<RunPlan>) () -> ScenarioPlans.idle("u", List.of(A), 0, 1, BOUNDS)),
                Arguments.of("no drops", (Supplier<RunPlan>) () -> ScenarioPlans.resume("u", List.of(A), 2, 1, 1, 0, BOUNDS)),
                Arguments.of("negative budget", (Supplier<RunPlan>) () -> ScenarioPlans.fanout("u", A, 2, 1, 1,
                        new ScenarioPlans.Bounds(Duration.ofSeconds(1), -1, Duration.ofSeconds(1), Duration.ZERO))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void refusesPlansThatMakeNoSense(String why, Supplier<RunPlan> plan) {
        assertThatThrownBy(plan::get).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void soakIsTheRoomsLoadWithChurnAsAShareOfTheClientsAndCarriesItsPlan() {
        SoakPlan soak = new SoakPlan(List.of(A, B), "u", 5, Duration.ofSeconds(60), "true", Duration.ofSeconds(300));
        RunPlan plan = ScenarioPlans.soak("u", List.of(A, B), 50, 2, 10, 1, 0, soak, BOUNDS);
        assertThat(plan.scenario()).isEqualTo("soak");
        assertThat(plan.clients()).hasSize(100);
        assertThat(plan.dropsPerSecond()).isEqualTo(1.0);
        assertThat(plan.soak()).isEqualTo(soak);
        assertThat(plan.parameters()).containsEntry("churn_percent_per_second", 1.0)
                .containsEntry("fault_every_seconds", 300.0);
        assertThatThrownBy(() -> ScenarioPlans.soak("u", List.of(A), 10, 1, 10, 101, 0, soak, BOUNDS))
                .hasMessageContaining("--churn-percent");
        assertThatThrownBy(() -> new SoakPlan(List.of(A), "u", 5, Duration.ofMillis(10), null, Duration.ZERO))
                .hasMessageContaining("--resource-every");
    }

    @Test
    void soakStreamsAShareOfThePositionsEachUserSubscribedToEveryRoomAndChurnCountsConnections() {
        SoakPlan soak = new SoakPlan(List.of(A, B), "u", 5, Duration.ofSeconds(60), null, Duration.ofSeconds(300));
        RunPlan plan = ScenarioPlans.soak("u", List.of(A, B), 10, 2, 10, 10, 50, soak, BOUNDS);
        // Positions 1, 3, 5, 7, 9 of both rooms: users us1 … us9, each with one client per room.
        List<ClientSpec> streamed = plan.clients().stream().filter(ClientSpec::stream).toList();
        assertThat(streamed).extracting(ClientSpec::userId).containsExactly("us1", "us1", "us3", "us3", "us5", "us5",
                "us7", "us7", "us9", "us9");
        assertThat(streamed).extracting(ClientSpec::roomId).containsExactly(A, B, A, B, A, B, A, B, A, B);
        // The stream at position 1 carries a sender in each room; position 0 stays on room sockets.
        assertThat(streamed.get(0).mode()).isInstanceOf(SendMode.Paced.class);
        assertThat(plan.clients().get(0).stream()).isFalse();
        assertThat(plan.clients()).hasSize(20);
        assertThat(plan.parameters()).containsEntry("connections", 15).containsEntry("stream_users", 5)
                .containsEntry("stream_subscriptions", 10);
        assertThat(plan.dropsPerSecond()).isEqualTo(1.5);
        assertThatThrownBy(() -> ScenarioPlans.soak("u", List.of(A), 10, 1, 10, 1, 101, soak, BOUNDS))
                .hasMessageContaining("--stream-percent");
    }

    @Test
    void streamPositionsAreSpreadEvenly() {
        assertThat(java.util.stream.IntStream.range(0, 8).filter(p -> ScenarioPlans.streamPosition(p, 25)))
                .containsExactly(3, 7);
        assertThat(java.util.stream.IntStream.range(0, 4).filter(p -> ScenarioPlans.streamPosition(p, 100)))
                .containsExactly(0, 1, 2, 3);
        assertThat(java.util.stream.IntStream.range(0, 4).filter(p -> ScenarioPlans.streamPosition(p, 0))).isEmpty();
    }

    private static final UUID C = UUID.fromString("00000000-0000-7000-8000-00000000000c");

    @Test
    void streamDealsEachUserItsRoomsAndKeepsThePopulationAcrossTransports() {
        RunPlan plan = ScenarioPlans.stream("u", List.of(A, B, C), 4, 2, 1, 5, Transport.STREAM, BOUNDS);
        assertThat(plan.scenario()).isEqualTo("stream");
        assertThat(plan.transport()).isEqualTo(Transport.STREAM);
        assertThat(plan.clients()).extracting(ClientSpec::index).containsExactly(0, 1, 2, 3, 4, 5, 6, 7);
        assertThat(plan.clients()).extracting(ClientSpec::userId)
                .containsExactly("u0", "u0", "u1", "u1", "u2", "u2", "u3", "u3");
        assertThat(plan.clients()).extracting(ClientSpec::roomId).containsExactly(A, B, B, C, C, A, A, B);
        assertThat(plan.clients()).extracting(ClientSpec::mode).containsExactly(new SendMode.Paced(5),
                new SendMode.Paced(5), SendMode.SILENT, SendMode.SILENT, SendMode.SILENT, SendMode.SILENT,
                SendMode.SILENT, SendMode.SILENT);
        assertThat(plan.measureIdleHeap()).isTrue();
        assertThat(plan.probesPerRoom()).isZero();
        assertThat(plan.parameters()).containsEntry("transport", "stream").containsEntry("users", 4)
                .containsEntry("subscriptions", 8).containsEntry("connections", 4)
                .containsEntry("planned_messages", 100L);

        RunPlan sockets = ScenarioPlans.stream("u", List.of(A, B, C), 4, 2, 1, 5, Transport.SOCKETS, BOUNDS);
        assertThat(sockets.clients()).isEqualTo(plan.clients());
        assertThat(sockets.transport()).isEqualTo(Transport.SOCKETS);
        assertThat(sockets.parameters()).containsEntry("transport", "sockets").containsEntry("connections", 8);
        // The other scenarios stay on room sockets.
        assertThat(ScenarioPlans.rooms("u", List.of(A), 2, 1, 1, BOUNDS).transport()).isEqualTo(Transport.SOCKETS);
    }

    @Test
    void streamWithoutSendersProbesEachRoom() {
        RunPlan plan = ScenarioPlans.stream("u", List.of(A, B), 3, 1, 0, 1, Transport.STREAM, BOUNDS);
        assertThat(plan.probesPerRoom()).isEqualTo(ScenarioPlans.PROBES_PER_ROOM);
        assertThat(plan.clients()).allSatisfy(c -> assertThat(c.mode()).isEqualTo(SendMode.SILENT));
    }

    @Test
    void streamRefusesPopulationsThatMakeNoSense() {
        assertThatThrownBy(() -> ScenarioPlans.stream("u", List.of(A, B), 3, 3, 1, 1, Transport.STREAM, BOUNDS))
                .hasMessageContaining("--rooms-per-user");
        assertThatThrownBy(() -> ScenarioPlans.stream("u", List.of(A), 0, 1, 0, 1, Transport.STREAM, BOUNDS))
                .hasMessageContaining("--users");
        assertThatThrownBy(() -> ScenarioPlans.stream("u", List.of(A), 2, 1, 3, 1, Transport.STREAM, BOUNDS))
                .hasMessageContaining("--senders");
        assertThatThrownBy(() -> ScenarioPlans.stream("u", List.of(A), 2, 1, 1, 0, Transport.STREAM, BOUNDS))
                .hasMessageContaining("--rate");
    }

    @Test
    void transportIsParsedAsTyped() {
        assertThat(Transport.parse("stream")).isEqualTo(Transport.STREAM);
        assertThat(Transport.parse(" Sockets ")).isEqualTo(Transport.SOCKETS);
        assertThatThrownBy(() -> Transport.parse("sse")).hasMessage("--transport must be stream or sockets: sse");
    }
}
