package dev.community.server.webhooks;

import dev.community.config.ServerConfig.WebhooksConfig;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.storage.ChangeEvents;
import dev.community.storage.DirectMessageRepository;
import dev.community.storage.Membership;
import dev.community.storage.ModerationAction;
import dev.community.storage.RoomRecord;
import dev.community.storage.Uuids;
import dev.community.storage.WebhookOutbox;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Every webhook event's type and payload, in one place (docs/PROTOCOL.md §6 lists them): told of each change by the
 * repository or the writer batch making it, it writes the event's outbox rows on that same transaction. Types left
 * out of {@code webhooks.events} are not written at all.
 *
 * <p>notification.mention and notification.dm are decided here, at the message's commit: one per mentioned user (in
 * a DM: per other participant) who has no connection to the room at that moment on any node
 * ({@link RecipientPresence}); never for the author, never for a message stored hidden.
 */
public final class WebhookEvents implements ChangeEvents {
    private final WebhooksConfig config;
    private final WebhookOutbox outbox;
    private final DirectMessageRepository directMessages;
    private final RecipientPresence presence;
    private final JsonCodec codec;
    private final Clock clock;
    private final Counter queued;

    public WebhookEvents(WebhooksConfig config, WebhookOutbox outbox, DirectMessageRepository directMessages,
                         RecipientPresence presence, JsonCodec codec, Clock clock, MeterRegistry meters) {
        this.config = config;
        this.outbox = outbox;
        this.directMessages = directMessages;
        this.presence = presence;
        this.codec = codec;
        this.clock = clock;
        this.queued = Counter.builder(WebhookMeters.QUEUED)
                .description("webhook events written to the outbox (event x endpoint)").register(meters);
    }

    @Override
    public void storing(Connection c, List<Message> messages) throws SQLException {
        List<WebhookOutbox.Event> events = new ArrayList<>();
        boolean notifyDm = config.sends("notification.dm");
        Map<UUID, List<String>> dmParticipants = notifyDm
                ? directMessages.participantsOf(c, messages.stream().map(Message::roomId).toList()) : Map.of();
        for (Message m : messages) {
            add(events, "message.created", m.roomId(), m.createdAt(), Map.of("message", m));
            if (m.isHidden()) {
                continue;
            }
            List<String> dm = dmParticipants.get(m.roomId());
            if (dm != null) {
                for (String recipient : dm) {
                    notify(events, "notification.dm", recipient, m);
                }
            } else if (config.sends("notification.mention")) {
                for (String recipient : new LinkedHashSet<>(m.mentions())) {
                    notify(events, "notification.mention", recipient, m);
                }
            }
        }
        append(c, events);
    }

    private void notify(List<WebhookOutbox.Event> events, String type, String recipient, Message m) {
        if (recipient.equals(m.author().id()) || presence.connected(m.roomId(), recipient)) {
            return;
        }
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("recipient_id", recipient);
        data.put("room_id", m.roomId());
        data.put("message", m);
        add(events, type, m.roomId(), m.createdAt(), data);
    }

    @Override
    public void messageUpdated(Connection c, Message message) throws SQLException {
        one(c, "message.updated", message.roomId(), Map.of("message", message));
    }

    @Override
    public void messageDeleted(Connection c, Message tombstone) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("room_id", tombstone.roomId());
        data.put("message_id", tombstone.id());
        data.put("seq", tombstone.seq());
        one(c, "message.deleted", tombstone.roomId(), data);
    }

    @Override
    public void messageFlagged(Connection c, UUID roomId, UUID messageId, String authorId, String source,
                               String reason) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("room_id", roomId);
        data.put("message_id", messageId);
        data.put("author_id", authorId);
        data.put("source", source);
        data.put("reason", reason);
        one(c, "message.flagged", roomId, data);
    }

    @Override
    public void moderationRecorded(Connection c, ModerationAction action) throws SQLException {
        one(c, "moderation.action", action.roomId(), Map.of("action", action));
    }

    @Override
    public void memberJoined(Connection c, Membership membership) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("room_id", membership.roomId());
        data.put("user_id", membership.userId());
        data.put("role", membership.role());
        one(c, "member.joined", membership.roomId(), data);
    }

    @Override
    public void memberLeft(Connection c, UUID roomId, String userId) throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("room_id", roomId);
        data.put("user_id", userId);
        one(c, "member.left", roomId, data);
    }

    @Override
    public void roomCreated(Connection c, RoomRecord room) throws SQLException {
        one(c, "room.created", room.id(), Map.of("room", room));
    }

    @Override
    public void roomUpdated(Connection c, RoomRecord room) throws SQLException {
        one(c, "room.updated", room.id(), Map.of("room", room));
    }

    @Override
    public void dmCreated(Connection c, UUID roomId, boolean group, String creatorId, List<String> participantIds)
            throws SQLException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("room_id", roomId);
        data.put("group", group);
        data.put("creator_id", creatorId);
        data.put("participant_ids", participantIds);
        one(c, "dm.created", roomId, data);
    }

    private void one(Connection c, String type, UUID roomId, Map<String, Object> data) throws SQLException {
        List<WebhookOutbox.Event> events = new ArrayList<>(1);
        add(events, type, roomId, now(), data);
        append(c, events);
    }

    private void add(List<WebhookOutbox.Event> events, String type, UUID roomId, Instant at, Map<String, Object> data) {
        if (!config.sends(type)) {
            return;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.put("timestamp", at);
        body.put("data", data);
        String json = new String(codec.writeBytes(body), StandardCharsets.UTF_8);
        events.add(new WebhookOutbox.Event(Uuids.v7(), type, roomId, at, json));
    }

    private void append(Connection c, List<WebhookOutbox.Event> events) throws SQLException {
        if (events.isEmpty()) {
            return;
        }
        outbox.append(c, events, config.urls(), config.retryHorizon());
        queued.increment((double) events.size() * config.urls().size());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The event types this server sends, for tests and docs. */
    public static Set<String> types() {
        return Set.copyOf(WebhooksConfig.EVENT_TYPES);
    }
}
