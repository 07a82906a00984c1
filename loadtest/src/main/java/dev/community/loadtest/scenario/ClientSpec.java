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
 */
public record ClientSpec(int index, String userId, UUID roomId, SendMode mode) {
}
