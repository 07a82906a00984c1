package dev.community.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;

/**
 * Typed reads of one JSON object's fields for validation. Optional fields treat JSON {@code null} like an
 * absent field. Every failure is {@link ErrorCode#INVALID_PAYLOAD} with a message naming the field by its
 * path (e.g. {@code attachments[2].url}) and carries the frame's client id for the echo.
 */
final class JsonFields {

    private final JsonNode object;
    private final String path;
    private final String clientId;

    /** @param path prefix for field names in messages, "" for the top level, else e.g. "attachments[2]." */
    JsonFields(JsonNode object, String path, String clientId) {
        this.object = object;
        this.path = path;
        this.clientId = clientId;
    }

    String clientId() {
        return clientId;
    }

    ProtocolException invalid(String field, String problem) {
        return fail(ErrorCode.INVALID_PAYLOAD, field, problem);
    }

    ProtocolException fail(ErrorCode code, String field, String problem) {
        return new ProtocolException(code, path + field + ": " + problem, clientId);
    }

    /** The field's value, or null when it is absent or JSON null. */
    JsonNode present(String field) {
        JsonNode node = object.get(field);
        return node == null || node.isNull() ? null : node;
    }

    /** A string field, or null when absent; a string holding U+0000 or a lone surrogate is refused. */
    String optionalString(String field, int maxCodePoints) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        return checkedString(node, field, maxCodePoints);
    }

    String requiredString(String field, int maxCodePoints) {
        JsonNode node = present(field);
        if (node == null) {
            throw invalid(field, "is required");
        }
        return checkedString(node, field, maxCodePoints);
    }

    private String checkedString(JsonNode node, String field, int maxCodePoints) {
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

    boolean requiredBoolean(String field) {
        JsonNode node = present(field);
        if (node == null) {
            throw invalid(field, "is required");
        }
        if (!node.isBoolean()) {
            throw invalid(field, "must be true or false");
        }
        return node.booleanValue();
    }

    /** An integer in [min, max], or null when absent. Numbers written as strings or with a fraction are refused. */
    Long optionalInteger(String field, long min, long max) {
        JsonNode node = present(field);
        return node == null ? null : checkedInteger(node, field, min, max);
    }

    long requiredInteger(String field, long min, long max) {
        JsonNode node = present(field);
        if (node == null) {
            throw invalid(field, "is required");
        }
        return checkedInteger(node, field, min, max);
    }

    private long checkedInteger(JsonNode node, String field, long min, long max) {
        if (!node.isIntegralNumber() || !node.canConvertToLong()
                || node.longValue() < min || node.longValue() > max) {
            throw invalid(field, max == Long.MAX_VALUE ? "must be an integer >= " + min
                    : "must be an integer from " + min + " to " + max);
        }
        return node.longValue();
    }

    UUID optionalUuid(String field) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        UUID id = node.isTextual() ? UuidStrings.parseOrNull(node.textValue()) : null;
        if (id == null) {
            throw invalid(field, "must be a UUID string");
        }
        return id;
    }

    /** An array of at most {@code maxElements}, or null when absent. */
    JsonNode optionalArray(String field, int maxElements) {
        JsonNode node = present(field);
        if (node == null) {
            return null;
        }
        if (!node.isArray()) {
            throw invalid(field, "must be an array");
        }
        if (node.size() > maxElements) {
            throw invalid(field, "must have at most " + maxElements + " elements");
        }
        return node;
    }
}
