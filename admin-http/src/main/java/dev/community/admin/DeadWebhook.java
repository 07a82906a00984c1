package dev.community.admin;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A webhook delivery given up at its retry horizon, as {@code GET /admin/webhooks/dead} lists it.
 *
 * @param id        the event's {@code webhook-id} (the same for every endpoint; a replay sends it again under it)
 * @param endpoint  the URL it was for
 * @param type      the event type
 * @param attempts  how often it was tried
 * @param createdAt when the change it describes happened
 * @param lastError what the last attempt met ("HTTP 500", "timed out after 10000 ms", ...)
 * @param body      the event as it is sent: {@code {"type","timestamp","data"}}
 */
public record DeadWebhook(UUID id, String endpoint, String type, int attempts, Instant createdAt, String lastError,
                          @JsonRawValue String body) {
}
