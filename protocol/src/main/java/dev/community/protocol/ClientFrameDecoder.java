package dev.community.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Turns a parsed client frame into a validated {@link ClientFrame}: dispatch on {@code type}, then the fields
 * of that frame kind (PROTOCOL.md §2.1). Unknown fields are ignored. Message rules live in
 * {@link MessageValidator}, shared with REST.
 */
final class ClientFrameDecoder {

    static final int DEFAULT_HISTORY_LIMIT = 50;
    static final int MAX_HISTORY_LIMIT = 100;
    /** The longest access token a refresh may carry (the same bound as an Authorization header's). */
    static final int MAX_TOKEN_LENGTH = 8192;

    private static final ClientFrame.Ping PING = new ClientFrame.Ping();
    private static final int MAX_ECHOED_TYPE_LENGTH = 32;

    private ClientFrameDecoder() {
    }

    static ClientFrame decode(JsonNode root) {
        if (!root.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "a frame must be a JSON object");
        }
        String clientId = MessageValidator.echoableClientId(root);
        JsonNode type = root.get(WireFields.TYPE);
        if (type == null || type.isNull()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type: is required", clientId);
        }
        if (!type.isTextual()) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type: must be a string", clientId);
        }
        JsonFields fields = new JsonFields(root, "", clientId);
        switch (type.textValue()) {
            case "ping":
                return PING;
            case "send_message":
                return MessageValidator.sendMessageFrom(root);
            case "typing":
                return new ClientFrame.Typing(fields.requiredBoolean("is_typing"));
            case "request_history":
                Long beforeSeq = fields.optionalInteger("before_seq", 1, Long.MAX_VALUE);
                Long limit = fields.optionalInteger("limit", 1, MAX_HISTORY_LIMIT);
                return new ClientFrame.RequestHistory(beforeSeq,
                        limit == null ? DEFAULT_HISTORY_LIMIT : limit.intValue());
            case "mark_read":
                return new ClientFrame.MarkRead(fields.requiredInteger("seq", 0, Long.MAX_VALUE));
            case "refresh":
                String token = fields.requiredString("token", MAX_TOKEN_LENGTH);
                if (token.isEmpty()) {
                    throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "token: must not be empty", clientId);
                }
                return new ClientFrame.Refresh(token);
            case "subscribe":
                return new ClientFrame.Subscribe(requiredUuid(fields, "room_id"),
                        fields.optionalInteger("since_seq", 0, Long.MAX_VALUE));
            case "unsubscribe":
                return new ClientFrame.Unsubscribe(requiredUuid(fields, "room_id"));
            default:
                throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "type: unknown frame type"
                        + describe(type.textValue()), clientId);
        }
    }

    private static java.util.UUID requiredUuid(JsonFields fields, String field) {
        java.util.UUID id = fields.optionalUuid(field);
        if (id == null) {
            throw fields.invalid(field, "is required");
        }
        return id;
    }

    /**
     * The {@code room_id} a frame on the user stream names (PROTOCOL.md "User stream"), or null when it names
     * none; a present one that is not a UUID is {@code invalid_payload}.
     */
    static java.util.UUID roomIdOf(JsonNode root) {
        if (!root.isObject()) {
            return null;
        }
        return new JsonFields(root, "", MessageValidator.echoableClientId(root)).optionalUuid("room_id");
    }

    /** The client's type in quotes when it is short and plain enough to repeat safely, else nothing. */
    private static String describe(String type) {
        if (type.isEmpty() || type.length() > MAX_ECHOED_TYPE_LENGTH) {
            return "";
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!(c >= 'a' && c <= 'z') && !(c >= '0' && c <= '9') && c != '_') {
                return "";
            }
        }
        return " '" + type + "'";
    }
}
