package dev.community.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * JSON of the admin port: snake_case property names (as the protocol writes them) and ISO-8601 instants, so a
 * stored message handed back by {@link AdminOperations#postSystemMessage} reads as it does on the public API.
 */
final class AdminJson {
    private final ObjectMapper mapper = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    byte[] write(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Our own replies always serialise; a value from AdminOperations that does not is a server bug.
            throw new IllegalStateException("cannot write " + value.getClass().getName() + " as JSON", e);
        }
    }

    /**
     * Reads a request body that must be a JSON object; an empty body reads as {@code {}} so that requests whose
     * fields all have defaults need none.
     *
     * @throws AdminException {@code 400 invalid_json} or {@code 400 invalid_payload}
     */
    ObjectNode readObject(byte[] body) {
        if (body.length == 0) {
            return mapper.createObjectNode();
        }
        JsonNode node;
        try {
            node = mapper.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AdminException(400, "invalid_json", "the request body is not valid JSON");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (node == null || node.isMissingNode()) {
            return mapper.createObjectNode();
        }
        if (!node.isObject()) {
            throw AdminException.invalidPayload("the request body must be a JSON object");
        }
        return (ObjectNode) node;
    }
}
