package dev.community.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.storage.Uuids;
import dev.community.storage.WebhookOutbox.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * How appended events become outbox rows: the events of one room in one append (one transaction) share a row, in
 * their order, at most {@link #MAX_EVENTS_PER_ROW} to a row; an event without a room is a row of its own. A row of
 * one event keeps the event's id and body as they are (as every row was before rows held several), a row of several
 * has an id of its own and its events packed in its body as a JSON array of {@code {id, type, created_at, body}}.
 * Why rows hold several events: the message writer's batch commits many messages of a room at once, and a row per
 * event cost it as much as the message row itself (V27's comment has the figures).
 */
final class WebhookRows {
    /** Bounds a row's body (a run is cut at whole rows, so this also bounds how far a run may exceed its length). */
    static final int MAX_EVENTS_PER_ROW = 100;
    /** The event_type column of a row of several events (each event's own type is in the body). */
    static final String SEVERAL = "several";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Packed>> PACKED_LIST = new TypeReference<>() {
    };

    /** One event in a row of several. {@code created_at} in epoch milliseconds. */
    record Packed(String id, String type, long created_at, String body) {
    }

    /**
     * A row to insert.
     *
     * @param id     the row's key: the event's id for a row of one, a fresh one for a row of several
     * @param type   the event's type, or {@link #SEVERAL}
     * @param first  the row's first event (its room, time and horizon are the row's)
     * @param count  how many events the row holds
     * @param body   the event's body, or the packed events
     */
    record Row(UUID id, String type, Event first, int count, String body) {
    }

    private WebhookRows() {
    }

    /** The rows for these events, in the order the events were given (a room's rows in its events' order). */
    static List<Row> of(List<Event> events) {
        Map<Object, List<Event>> byRoom = new LinkedHashMap<>();
        for (Event event : events) {
            // an event without a room is ordered with nothing: a row of its own
            Object key = event.roomId() == null ? event.id() : event.roomId();
            byRoom.computeIfAbsent(key, k -> new ArrayList<>()).add(event);
        }
        List<Row> rows = new ArrayList<>();
        for (List<Event> roomEvents : byRoom.values()) {
            for (int from = 0; from < roomEvents.size(); from += MAX_EVENTS_PER_ROW) {
                rows.add(row(roomEvents.subList(from, Math.min(roomEvents.size(), from + MAX_EVENTS_PER_ROW))));
            }
        }
        return rows;
    }

    private static Row row(List<Event> events) {
        Event first = events.get(0);
        if (events.size() == 1) {
            return new Row(first.id(), first.type(), first, 1, first.body());
        }
        List<Packed> packed = new ArrayList<>(events.size());
        for (Event e : events) {
            packed.add(new Packed(e.id().toString(), e.type(), e.createdAt().toEpochMilli(), e.body()));
        }
        try {
            return new Row(Uuids.v7(), SEVERAL, first, events.size(), JSON.writeValueAsString(packed));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook events could not be packed", e);
        }
    }

    /** The events of a row as it was read: its own for a row of one, unpacked from the body for a row of several. */
    static List<Event> events(UUID id, String type, Instant createdAt, String body, int count) {
        if (count == 1) {
            return List.of(new Event(id, type, null, createdAt, body));
        }
        try {
            List<Event> events = new ArrayList<>(count);
            for (Packed p : JSON.readValue(body, PACKED_LIST)) {
                events.add(new Event(UUID.fromString(p.id()), p.type(), null, Instant.ofEpochMilli(p.created_at()),
                        p.body()));
            }
            return events;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("webhook row " + id + " holds no readable events", e);
        }
    }
}
