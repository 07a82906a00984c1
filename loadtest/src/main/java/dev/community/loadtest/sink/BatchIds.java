package dev.community.loadtest.sink;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The events' ids of a webhook batch (PROTOCOL.md §6: the server sends {@code webhook-id: batch_…} and a body
 * {@code {"type": "batch", "data": {"events": [{"id", "event"}, …]}}} when {@code webhooks.batch_max} is above 1).
 * A batch receiver counts and de-duplicates by these ids, since a batch sent again may hold other events.
 */
final class BatchIds {
    static final String PREFIX = "batch_";
    private static final ObjectMapper JSON = new ObjectMapper();

    private BatchIds() {
    }

    /** Whether a request with this {@code webhook-id} is a batch. */
    static boolean isBatch(String webhookId) {
        return webhookId.startsWith(PREFIX);
    }

    /** The ids of the batch's events, in order; empty when the body is no batch. */
    static List<String> of(ByteBuf body) throws IOException {
        JsonNode events;
        try (InputStream in = new ByteBufInputStream(body.duplicate())) {
            events = JSON.readTree(in).path("data").path("events");
        }
        List<String> ids = new ArrayList<>(events.size());
        for (JsonNode event : events) {
            ids.add(event.path("id").asText());
        }
        return ids;
    }
}
