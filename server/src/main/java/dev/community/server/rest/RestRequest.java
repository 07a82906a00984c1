package dev.community.server.rest;

import dev.community.server.actions.Refusal;
import dev.community.protocol.ErrorCode;
import dev.community.server.auth.Principal;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** An authenticated REST request, detached from Netty's buffers so handlers may run on any thread. */
public record RestRequest(Principal principal, HttpMethod method, String path, Map<String, String> pathParams,
                          Map<String, List<String>> query, byte[] body) {

    public String query(String name) {
        List<String> values = query.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** A UUID path parameter; a malformed one is a 404 (no such resource), never a 500. */
    public UUID uuid(String name) {
        try {
            String value = pathParams.get(name);
            if (value == null || value.length() != 36) {
                throw new IllegalArgumentException();
            }
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new Refusal(ErrorCode.NOT_FOUND, "no such " + name.replace("_id", ""));
        }
    }

    /** The {@code limit} query parameter: 1–100, {@code fallback} when absent. */
    public int limit(int fallback) {
        String value = query("limit");
        if (value == null) {
            return fallback;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit < 1 || limit > 100) {
                throw new NumberFormatException();
            }
            return limit;
        } catch (NumberFormatException e) {
            throw new Refusal(ErrorCode.INVALID_PAYLOAD, "limit must be an integer from 1 to 100");
        }
    }
}
