package dev.community.storage.jdbc;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.community.protocol.Attachment;
import dev.community.protocol.Message;
import dev.community.protocol.Role;
import dev.community.protocol.RoomType;
import dev.community.protocol.User;
import dev.community.protocol.Visibility;
import dev.community.storage.Membership;
import dev.community.storage.RoomRecord;
import dev.community.storage.UserRecord;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Column lists and row mappers shared by the repositories, and the JSON text of the JSON-valued columns
 * (attachments, mentions, reaction_counts), read and written with one plain Jackson mapper.
 */
public final class Rows {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<Attachment>> ATTACHMENTS = new TypeReference<>() { };
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private static final TypeReference<LinkedHashMap<String, Integer>> COUNTS = new TypeReference<>() { };

    /**
     * Message columns; the author's username comes from users (the id stands in for a user never seen), is_pinned
     * from a probe of message_pins by its primary key.
     */
    public static final String MESSAGE_COLUMNS = "m.id, m.room_id, m.seq, m.thread_id, m.author_id,"
            + " COALESCE(u.username, m.author_id) AS author_username, m.content, m.message_type, m.attachments,"
            + " m.mentions, m.reply_to_id, m.reaction_counts, m.created_at, m.edited_at, m.is_deleted, m.is_hidden,"
            + " EXISTS (SELECT 1 FROM message_pins mp WHERE mp.message_id = m.id) AS is_pinned";
    public static final String MESSAGE_FROM = " FROM messages m LEFT JOIN users u ON u.id = m.author_id ";
    public static final String MESSAGE_SELECT = "SELECT " + MESSAGE_COLUMNS + MESSAGE_FROM;

    public static final String ROOM_COLUMNS = "r.id, r.name, r.slug, r.room_type, r.visibility, r.creator_id,"
            + " r.description, r.slow_mode_seconds, r.min_trust_to_join, r.min_trust_to_post, r.member_count,"
            + " r.message_count, r.last_seq, r.last_message_at, r.created_at, r.retention_days";

    public static final String MEMBERSHIP_COLUMNS = "ms.room_id, ms.user_id, ms.role, ms.muted_until,"
            + " ms.banned_until, ms.last_read_seq, ms.joined_at, ms.is_active";

    public static final String USER_COLUMNS = "id, username, joined_at, trust_level, is_staff, message_count";

    private Rows() {
    }

    public static Message message(ResultSet row) throws SQLException {
        return new Message(
                Jdbc.uuid(row, "id"),
                Jdbc.uuid(row, "room_id"),
                row.getLong("seq"),
                Jdbc.uuid(row, "thread_id"),
                new User(row.getString("author_id"), row.getString("author_username")),
                row.getString("content"),
                row.getString("message_type"),
                attachments(row.getString("attachments")),
                strings(row.getString("mentions")),
                Jdbc.uuid(row, "reply_to_id"),
                counts(row.getString("reaction_counts")),
                Jdbc.instant(row, "created_at"),
                Jdbc.instant(row, "edited_at"),
                row.getBoolean("is_deleted"),
                row.getBoolean("is_hidden"),
                row.getBoolean("is_pinned"),
                null);
    }

    public static RoomRecord room(ResultSet row) throws SQLException {
        return new RoomRecord(
                Jdbc.uuid(row, "id"),
                row.getString("name"),
                row.getString("slug"),
                RoomType.fromWire(row.getString("room_type")),
                Visibility.fromWire(row.getString("visibility")),
                row.getString("creator_id"),
                row.getString("description"),
                row.getInt("slow_mode_seconds"),
                row.getInt("min_trust_to_join"),
                row.getInt("min_trust_to_post"),
                row.getLong("member_count"),
                row.getLong("message_count"),
                row.getLong("last_seq"),
                Jdbc.instant(row, "last_message_at"),
                Jdbc.instant(row, "created_at"),
                retentionDays(row));
    }

    private static Integer retentionDays(ResultSet row) throws SQLException {
        int days = row.getInt("retention_days");
        return row.wasNull() ? null : days;
    }

    public static Membership membership(ResultSet row) throws SQLException {
        return new Membership(
                Jdbc.uuid(row, "room_id"),
                row.getString("user_id"),
                Role.fromWire(row.getString("role")),
                Jdbc.instant(row, "muted_until"),
                Jdbc.instant(row, "banned_until"),
                row.getLong("last_read_seq"),
                Jdbc.instant(row, "joined_at"),
                row.getBoolean("is_active"));
    }

    public static UserRecord user(ResultSet row) throws SQLException {
        return new UserRecord(
                row.getString("id"),
                row.getString("username"),
                Jdbc.instant(row, "joined_at"),
                row.getInt("trust_level"),
                row.getBoolean("is_staff"),
                row.getLong("message_count"));
    }

    public static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not representable as JSON: " + e.getOriginalMessage(), e);
        }
    }

    public static List<Attachment> attachments(String json) {
        return json == null ? List.of() : read(json, ATTACHMENTS);
    }

    public static List<String> strings(String json) {
        return json == null ? List.of() : read(json, STRINGS);
    }

    /** Reaction counts in emoji order, so equal counts always serialise the same. */
    public static Map<String, Integer> counts(String json) {
        return json == null ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(read(json, COUNTS)));
    }

    /**
     * The LIKE pattern that finds {@code userId} among a mentions JSON array: the id as a JSON string, quotes
     * included (so "u1" does not match "u10"), with LIKE's wildcards escaped for {@code ESCAPE '\'}.
     */
    public static String mentionPattern(String userId) {
        String quoted = json(userId);
        String escaped = quoted.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
        return "%" + escaped + "%";
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}
