package dev.community.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.storage.Uuids;
import dev.community.storage.WebhookOutbox.Event;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WebhookRowsTest {
    private static final Instant AT = Instant.parse("2026-12-05T10:00:00.123Z");

    /** Bodies with escapes, and some with raw line breaks (the framing goes by length, not by lines). */
    static Event event(UUID room, int n) {
        return new Event(Uuids.v7(), n % 2 == 0 ? "message.created" : "notification.mention", room, AT.plusMillis(n),
                "{\"n\":" + n + ",\"text\":\"quote \\\" and\\nline\"}" + (n % 3 == 1 ? "\n \n" : ""));
    }

    @Test
    void aRoomsEventsShareARowInOrderAndARoomlessEventIsARowOfItsOwn() {
        UUID a = Uuids.v7();
        UUID b = Uuids.v7();
        Event a0 = event(a, 0);
        Event b0 = event(b, 1);
        Event a1 = event(a, 2);
        Event roomless = event(null, 3);
        Event b1 = event(b, 4);

        List<WebhookRows.Row> rows = WebhookRows.of(List.of(a0, b0, a1, roomless, b1));

        assertThat(rows).extracting(WebhookRows.Row::count).containsExactly(2, 2, 1);
        assertThat(rows).extracting(r -> r.first().id()).containsExactly(a0.id(), b0.id(), roomless.id());
        WebhookRows.Row single = rows.get(2);
        assertThat(single.id()).as("a row of one keeps the event's id, type and body").isEqualTo(roomless.id());
        assertThat(single.type()).isEqualTo(roomless.type());
        assertThat(single.body()).isEqualTo(roomless.body());
        assertThat(rows.get(0).id()).isNotIn(a0.id(), a1.id());
        assertThat(rows.get(0).type()).isEqualTo(WebhookRows.SEVERAL);
    }

    @Test
    void aRowOfSeveralReadsBackAsItsEventsExactly() {
        UUID room = Uuids.v7();
        List<Event> events = List.of(event(room, 0), event(room, 1), event(room, 2));
        WebhookRows.Row row = WebhookRows.of(events).get(0);

        List<Event> read = WebhookRows.events(row.id(), row.type(), AT, row.body(), row.count(), 0);

        assertThat(read).extracting(Event::id).containsExactlyElementsOf(events.stream().map(Event::id).toList());
        assertThat(read).extracting(Event::type).containsExactlyElementsOf(events.stream().map(Event::type).toList());
        assertThat(read).extracting(Event::body).containsExactlyElementsOf(events.stream().map(Event::body).toList());
        assertThat(read).extracting(Event::createdAt)
                .containsExactlyElementsOf(events.stream().map(Event::createdAt).toList());
        assertThat(WebhookRows.events(row.id(), row.type(), AT, row.body(), row.count(), 2)).as("from the third on")
                .extracting(Event::body).containsExactly(events.get(2).body());
    }

    @Test
    void aRoomsEventsBeyondTheRowLimitStartAnotherRow() {
        UUID room = Uuids.v7();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < WebhookRows.MAX_EVENTS_PER_ROW + 1; i++) {
            events.add(event(room, i));
        }
        assertThat(WebhookRows.of(events)).extracting(WebhookRows.Row::count)
                .containsExactly(WebhookRows.MAX_EVENTS_PER_ROW, 1);
    }
}
