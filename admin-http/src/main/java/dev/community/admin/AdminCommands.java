package dev.community.admin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Iterator;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The admin API's request bodies and path parameters, checked against {@link AdminLimits} on the event loop
 * before anything is called. Unknown fields are refused rather than ignored: a typo such as
 * {@code "widow_seconds"} must not silently drain with the default window.
 */
final class AdminCommands {
    private static final int MAX_USER_ID_LENGTH = 128;
    private static final int MAX_LOGGER_LENGTH = 256;
    /** Java class and package names, plus Logback's ROOT: nothing that could smuggle control characters into logs. */
    private static final Pattern LOGGER_NAME = Pattern.compile("[A-Za-z0-9_.$-]+");

    record Disconnect(int code, String reason) {
    }

    record SystemMessage(String content) {
    }

    record LogLevel(String logger, String level) {
    }

    record Drain(Duration window) {
    }

    private AdminCommands() {
    }

    static UUID roomId(String text) {
        return uuid(text, "room_id");
    }

    static UUID webhookId(String text) {
        return uuid(text, "the webhook id");
    }

    private static UUID uuid(String text, String what) {
        // UUID.fromString accepts "1-2-3-4-5"; only the canonical 36-character form names a room or an event.
        try {
            UUID id = UUID.fromString(text);
            if (text.length() == 36 && id.toString().equalsIgnoreCase(text)) {
                return id;
            }
        } catch (IllegalArgumentException e) {
            // answered below
        }
        throw AdminException.invalidPayload(what + " must be a UUID");
    }

    static String userId(String text) {
        if (text.isEmpty() || text.length() > MAX_USER_ID_LENGTH || text.chars().anyMatch(Character::isISOControl)) {
            throw AdminException.invalidPayload("user_id must be 1.." + MAX_USER_ID_LENGTH + " printable characters");
        }
        return text;
    }

    static Disconnect disconnect(ObjectNode body) {
        allowOnly(body, "code", "reason");
        int code = optionalInt(body, "code", AdminLimits.DEFAULT_DISCONNECT_CODE);
        if (!AdminLimits.DISCONNECT_CODES.contains(code)) {
            throw AdminException.invalidPayload("code must be one of " + new TreeSet<>(AdminLimits.DISCONNECT_CODES));
        }
        String reason = optionalText(body, "reason", AdminLimits.DEFAULT_DISCONNECT_REASON);
        if (reason.getBytes(StandardCharsets.UTF_8).length > AdminLimits.MAX_CLOSE_REASON_BYTES) {
            throw AdminException.invalidPayload(
                    "reason must be at most " + AdminLimits.MAX_CLOSE_REASON_BYTES + " bytes of UTF-8");
        }
        return new Disconnect(code, reason);
    }

    static SystemMessage systemMessage(ObjectNode body) {
        allowOnly(body, "content");
        String content = optionalText(body, "content", "");
        if (content.isBlank()) {
            throw new AdminException(400, "empty_content", "content must not be empty");
        }
        if (content.codePointCount(0, content.length()) > AdminLimits.MAX_CONTENT_CODE_POINTS) {
            throw new AdminException(400, "content_too_long",
                    "content must be at most " + AdminLimits.MAX_CONTENT_CODE_POINTS + " characters");
        }
        return new SystemMessage(content);
    }

    static LogLevel logLevel(ObjectNode body) {
        allowOnly(body, "logger", "level");
        String logger = optionalText(body, "logger", AdminLimits.ROOT_LOGGER);
        if (logger.length() > MAX_LOGGER_LENGTH || !LOGGER_NAME.matcher(logger).matches()) {
            throw AdminException.invalidPayload("logger must be a logger name such as ROOT or dev.community.server");
        }
        String level = optionalText(body, "level", "").toUpperCase(Locale.ROOT);
        if (!AdminLimits.LOG_LEVELS.contains(level)) {
            throw AdminException.invalidPayload("level must be one of " + new TreeSet<>(AdminLimits.LOG_LEVELS));
        }
        return new LogLevel(logger, level);
    }

    static Drain drain(ObjectNode body) {
        allowOnly(body, "window_seconds");
        long max = AdminLimits.MAX_DRAIN_WINDOW.toSeconds();
        int seconds = optionalInt(body, "window_seconds", (int) AdminLimits.DEFAULT_DRAIN_WINDOW.toSeconds());
        if (seconds < 0 || seconds > max) {
            throw AdminException.invalidPayload("window_seconds must be 0.." + max);
        }
        return new Drain(Duration.ofSeconds(seconds));
    }

    private static void allowOnly(ObjectNode body, String... fields) {
        Set<String> allowed = Set.of(fields);
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw AdminException.invalidPayload("unknown field " + quoted(name) + "; allowed: " + new TreeSet<>(allowed));
            }
        }
    }

    private static int optionalInt(ObjectNode body, String field, int fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw AdminException.invalidPayload(field + " must be an integer");
        }
        return node.intValue();
    }

    private static String optionalText(ObjectNode body, String field, String fallback) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw AdminException.invalidPayload(field + " must be a string");
        }
        return node.textValue();
    }

    /** Field names come from the request: keep them short and printable in error messages. */
    private static String quoted(String name) {
        String shown = name.length() > 40 ? name.substring(0, 40) + "..." : name;
        StringBuilder out = new StringBuilder("\"");
        shown.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return out.append('"').toString();
    }
}
