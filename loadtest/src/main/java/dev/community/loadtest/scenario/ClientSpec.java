package dev.community.loadtest.scenario;

import dev.community.loadtest.client.SendMode;
import java.util.UUID;

/**
 * One simulated client of a plan.
 *
 * @param index  its number in the run: picks its event loop and source address
 * @param userId the {@code sub} of its access JWT
 * @param roomId the room it joins
 * @param mode   whether and how it sends
 * @param stream one room of its user's stream rather than a room socket of its own, whatever the plan's transport
 *               (the soak mixes the two)
 */
public record ClientSpec(int index, String userId, UUID roomId, SendMode mode, boolean stream) {
    /** A client on the plan's transport. */
    public ClientSpec(int index, String userId, UUID roomId, SendMode mode) {
        this(index, userId, roomId, mode, false);
    }
}
