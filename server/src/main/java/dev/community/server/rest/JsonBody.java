package dev.community.server.rest;

import dev.community.server.actions.Refusal;
import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.ErrorCode;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Texts;
import dev.community.protocol.UserIds;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;

/**
 * Typed reads of a REST request's JSON object. Unknown fields are ignored (PROTOCOL.md conventions); a JSON
 * {@code null} reads as absent. Malformed JSON is {@code 400 invalid_json} (from the codec); a field of the
 * wrong type or out of range is {@code 400 invalid_payload} with a message naming the field.
 */
final class JsonBody {
    private final JsonNode object;

    private JsonBody(JsonNode object) {
        this.object = object;
    }

    /** Parses {@code body}, which must be a JSON object. */
    static JsonBody parse(JsonCodec codec, byte[] body) {
        JsonNode tree = codec.readTree(body);
        if (tree == null || !tree.isObject()) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "the body must be a JSON object");
        }
        return new JsonBody(tree);
    }

    JsonNode tree() {
        return object;
    }

    boolean has(String field) {
        JsonNode node = object.get(field);
        return node != null && !node.isNull();
    }

    /** A string of at most {@code maxCodePoints}, or null when absent; U+0000 and lone surrogates are refused. */
    String optionalString(String field, int maxCodePoints) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw invalid(field, "must be a string");
        }
        String value = node.textValue();
        if (!Texts.isStorable(value)) {
            throw invalid(field, "must not contain U+0000 or unpaired surrogates");
        }
        if (value.length() > maxCodePoints && Texts.codePointLength(value) > maxCodePoints) {
            throw invalid(field, "must be at most " + maxCodePoints + " characters");
        }
        return value;
    }

    String requiredString(String field, int maxCodePoints) {
        String value = optionalString(field, maxCodePoints);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    /** A non-blank string (a name, a title), trimmed. */
    String requiredText(String field, int maxCodePoints) {
        String value = requiredString(field, maxCodePoints).strip();
        if (Texts.isBlank(value)) {
            throw invalid(field, "must not be blank");
        }
        return value;
    }

    /** An integer within {@code min..max}, or null when absent (no floats, no numeric strings). */
    Integer optionalInt(String field, int min, int max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw invalid(field, "must be an integer from " + min + " to " + max);
        }
        return (int) node.longValue();
    }

    Long optionalLong(String field, long min, long max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < min || node.longValue() > max) {
            throw invalid(field, "must be an integer from " + min + " to " + max);
        }
        return node.longValue();
    }

    long requiredLong(String field, long min, long max) {
        Long value = optionalLong(field, min, max);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    /** One of {@code allowed}, or null when absent. */
    String optionalChoice(String field, List<String> allowed) {
        String value = optionalString(field, 64);
        if (value != null && !allowed.contains(value)) {
            throw invalid(field, "must be one of " + String.join(", ", allowed));
        }
        return value;
    }

    String requiredChoice(String field, List<String> allowed) {
        String value = optionalChoice(field, allowed);
        if (value == null) {
            throw invalid(field, "is required (one of " + String.join(", ", allowed) + ")");
        }
        return value;
    }

    /** A user id as the contract spells them, or null when absent. */
    String optionalUserId(String field) {
        String value = optionalString(field, UserIds.MAX_LENGTH + 1);
        if (value != null && !UserIds.isValid(value)) {
            throw invalid(field, "must be a user id (1-64 characters of A-Z a-z 0-9 _ . : @ -)");
        }
        return value;
    }

    String requiredUserId(String field) {
        String value = optionalUserId(field);
        if (value == null) {
            throw invalid(field, "is required");
        }
        return value;
    }

    UUID optionalUuid(String field) {
        String value = optionalString(field, 36);
        if (value == null) {
            return null;
        }
        try {
            if (value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "must be a UUID");
        }
    }

    /** Distinct user ids, first occurrence kept: 1..{@code max} of them. */
    List<String> requiredUserIds(String field, int max) {
        JsonNode node = object.get(field);
        if (node == null || node.isNull()) {
            throw invalid(field, "is required");
        }
        if (!node.isArray()) {
            throw invalid(field, "must be an array of user ids");
        }
        if (node.size() > max) {
            throw invalid(field, "must have at most " + max + " entries");
        }
        LinkedHashSet<String> ids = new LinkedHashSet<>();
        for (JsonNode entry : node) {
            if (!entry.isTextual() || !UserIds.isValid(entry.textValue())) {
                throw invalid(field, "must be an array of user ids");
            }
            ids.add(entry.textValue());
        }
        return new ArrayList<>(ids);
    }

    static Refusal invalid(String field, String problem) {
        return new Refusal(ErrorCode.INVALID_PAYLOAD, field + ": " + problem);
    }
}
