package dev.community.loadtest.soak;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * What the soak scenario adds to the resume load.
 *
 * @param rooms          the rooms the REST mix acts in (the run's rooms)
 * @param userPrefix     the REST actors' user ids start with this
 * @param restRate       REST actions per second (read, write, reaction, moderation, DM, in turn); 0 for none
 * @param resourceEvery  how often the server's resources are sampled for the trend (a minute in a real soak)
 * @param faultCommand   run with {@code sh -c} every {@code faultEvery}; null for none
 * @param faultEvery     the interval between fault commands
 */
public record SoakPlan(List<UUID> rooms, String userPrefix, double restRate, Duration resourceEvery,
                       String faultCommand, Duration faultEvery) {
    public SoakPlan {
        if (rooms.isEmpty()) {
            throw new IllegalArgumentException("soak needs at least one room");
        }
        if (restRate < 0) {
            throw new IllegalArgumentException("--rest-rate must be at least 0");
        }
        if (resourceEvery.toMillis() < 1000) {
            throw new IllegalArgumentException("--resource-every must be at least 1 second");
        }
        if (faultCommand != null && faultEvery.toMillis() < 1000) {
            throw new IllegalArgumentException("--fault-every must be at least 1 second");
        }
        rooms = List.copyOf(rooms);
    }
}
