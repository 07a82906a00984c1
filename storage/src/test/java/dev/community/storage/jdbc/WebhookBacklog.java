package dev.community.storage.jdbc;

import dev.community.storage.Storage;
import dev.community.storage.Uuids;
import dev.community.storage.WebhookOutbox;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** A webhook backlog for the plan tests: rows of 20 rooms for one endpoint, due now, in one transaction. */
final class WebhookBacklog {
    private WebhookBacklog() {
    }

    static void append(Storage storage, Connection c, String endpoint, int rows) throws SQLException {
        List<UUID> rooms = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            rooms.add(Uuids.v7());
        }
        Instant at = Instant.now().minusSeconds(60);
        c.setAutoCommit(false);
        // an append per round of one event a room: each event a row of its own (one append shares a row per room)
        for (int from = 0; from < rows; from += rooms.size()) {
            List<WebhookOutbox.Event> round = new ArrayList<>();
            for (int i = from; i < Math.min(rows, from + rooms.size()); i++) {
                round.add(new WebhookOutbox.Event(Uuids.v7(), "message.created", rooms.get(i % rooms.size()), at,
                        "{}"));
            }
            storage.webhookOutbox().append(c, round, List.of(URI.create(endpoint)), Duration.ofHours(1));
        }
        c.commit();
        c.setAutoCommit(true);
    }
}
