package dev.community.storage.jdbc;

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
 * has an id of its own and its events framed in its body, each as a header line {@code id type createdAtMillis
 * length} and then its body of {@code length} characters. Why rows hold several events: the message writer's batch
 * commits many messages of a room at once, and a row per event cost it as much as the message row itself (V27's
 * comment has the figures). Why a framing and not a JSON array: each body is already the exact JSON that is signed,
 * and nested as a JSON string it had to be escaped by the writer and unescaped by every claim (the dispatcher spent
 * half its time in Jackson's unescaping); a header and a length give it back by a substring.
 */
final class WebhookRows {
    /** Bounds a row's body (a run is cut at whole rows, so this also bounds how far a run may exceed its length). */
    static final int MAX_EVENTS_PER_ROW = 100;
    /** The event_type column of a row of several events (each event's own type is in its header). */
    static final String SEVERAL = "several";

    /**
     * A row to insert.
     *
     * @param id     the row's key: the event's id for a row of one, a fresh one for a row of several
     * @param type   the event's type, or {@link #SEVERAL}
     * @param first  the row's first event (its room, time and horizon are the row's)
     * @param count  how many events the row holds
     * @param body   the event's body, or the framed events
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
        StringBuilder framed = new StringBuilder(events.stream().mapToInt(e -> e.body().length() + 80).sum());
        for (Event e : events) {
            framed.append(e.id()).append(' ').append(e.type()).append(' ').append(e.createdAt().toEpochMilli())
                    .append(' ').append(e.body().length()).append('\n').append(e.body());
        }
        return new Row(Uuids.v7(), SEVERAL, first, events.size(), framed.toString());
    }

    /**
     * The events of a row as it was read, from its {@code from}th on: its own for a row of one, unframed from the body
     * for a row of several.
     */
    static List<Event> events(UUID id, String type, Instant createdAt, String body, int count, int from) {
        if (count == 1) {
            return from == 0 ? List.of(new Event(id, type, null, createdAt, body)) : List.of();
        }
        List<Event> events = new ArrayList<>(count - from);
        int at = 0;
        for (int i = 0; i < count; i++) {
            int lineEnd = body.indexOf('\n', at);
            if (lineEnd < 0) {
                throw new IllegalStateException("webhook row " + id + " ends before its event " + i + " of " + count);
            }
            String[] header = body.substring(at, lineEnd).split(" ", 4);
            int length = Integer.parseInt(header[3]);
            if (i >= from) {
                String eventBody = body.substring(lineEnd + 1, lineEnd + 1 + length);
                events.add(new Event(UUID.fromString(header[0]), header[1], null,
                        Instant.ofEpochMilli(Long.parseLong(header[2])), eventBody));
            }
            at = lineEnd + 1 + length;
        }
        return events;
    }
}
