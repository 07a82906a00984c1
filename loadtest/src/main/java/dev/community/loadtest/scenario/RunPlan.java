package dev.community.loadtest.scenario;

import dev.community.loadtest.abuse.AbusePlan;
import dev.community.loadtest.soak.SoakPlan;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything a run does, decided before it starts. Every plan is bounded in time ({@code sendDuration},
 * {@code connectDeadline}, {@code drainTimeout}) and in count ({@code maxMessages}, the number of clients).
 *
 * @param scenario          the scenario's name
 * @param parameters        the scenario's own parameters, for the report
 * @param clients           the simulated clients
 * @param connectDeadline   how long the connect phase may take before the run goes on without the stragglers
 * @param sendDuration      how long senders send (or, without senders, how long the connections are held)
 * @param maxMessages       at most this many sends in the send phase
 * @param probesPerRoom     messages one member per room sends after the send phase, so even a run without
 *                          traffic has deliveries to audit
 * @param dropsPerSecond    connections dropped (and resumed) per second during the send phase; 0 for none
 * @param drainTimeout      how long to wait after the send phase for acks and deliveries to arrive
 * @param measureIdleHeap   read the server's heap before connecting and after holding, for bytes per connection
 * @param abuse             hostile clients run beside the honest ones during the send phase ({@link AbusePlan#NONE}: none)
 * @param restart           a restart of the server during the send phase (restart-storm), or null
 * @param soak              REST mix, faults and resource trends beside the load (soak), or null
 * @param transport         room sockets (one connection per client), or the user stream: the clients of one user
 *                          are that user's subscriptions on one stream connection
 */
public record RunPlan(
        String scenario,
        Map<String, Object> parameters,
        List<ClientSpec> clients,
        Duration connectDeadline,
        Duration sendDuration,
        long maxMessages,
        int probesPerRoom,
        double dropsPerSecond,
        Duration drainTimeout,
        boolean measureIdleHeap,
        AbusePlan abuse,
        RestartPlan restart,
        SoakPlan soak,
        Transport transport) {
}
