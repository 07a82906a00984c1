package dev.community.loadtest.scenario;

import java.time.Duration;

/**
 * The restart of a restart-storm: {@code after} into the send phase, the harness runs {@code command} (through
 * {@code sh -c}), which kills the server and starts it again; the harness then measures how long its clients take to
 * be back. The command should return once the new server has been started (or is starting): clients retry with
 * back-off either way.
 */
public record RestartPlan(Duration after, String command) {
    public RestartPlan {
        if (after.isNegative()) {
            throw new IllegalArgumentException("--restart-after must be at least 0");
        }
        if (command == null || command.isBlank()) {
            throw new IllegalArgumentException("--restart-command is required: it kills the server and starts it again");
        }
    }
}
