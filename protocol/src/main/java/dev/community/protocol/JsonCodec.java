package dev.community.protocol;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one JSON codec of the contract, for WebSocket frames and REST bodies alike. Thread-safe: build one and
 * share it.
 *
 * <p>Writing: snake_case field names, {@code event} (or a client frame's {@code type}) first, nulls written as
 * {@code null} except where a record component says {@code NON_NULL}, times as
 * {@code "2026-11-24T10:00:00.123Z"}, UUIDs as strings.
 *
 * <p>Reading: hostile input is refused while it is being parsed, before it costs memory — at most
 * {@value #MAX_DOCUMENT_BYTES} bytes, nesting depth {@value #MAX_NESTING_DEPTH}, strings of
 * {@value #MAX_STRING_LENGTH} chars, numbers of {@value #MAX_NUMBER_LENGTH} digits, names of
 * {@value #MAX_NAME_LENGTH} chars — and duplicate keys and trailing content are syntax errors, so no two
 * parsers can read one body differently. Such failures are {@link ErrorCode#INVALID_JSON}; well-formed JSON
 * of the wrong shape is {@link ErrorCode#INVALID_PAYLOAD}. Unknown fields are ignored; numbers are never
 * read from strings or floats, nor strings from numbers.
 */
public final class JsonCodec {

    public static final int MAX_DOCUMENT_BYTES = 1024 * 1024;
    public static final int MAX_NESTING_DEPTH = 32;
    public static final int MAX_STRING_LENGTH = 65_536;
    public static final int MAX_NUMBER_LENGTH = 32;
    /** No field name in the contract comes close; a bound keeps hostile names out of the symbol table. */
    public static final int MAX_NAME_LENGTH = 1024;

    private static final int MAX_PARSER_MESSAGE = 200;
    private static final Pattern CONSTRAINT_SOURCE = Pattern.compile(", from `[^`]*`");

    private static final Map<String, Class<? extends ServerEvent>> EVENT_TYPES = eventTypes();

    private final ObjectMapper mapper;

    public JsonCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_NESTING_DEPTH)
                        .maxStringLength(MAX_STRING_LENGTH)
                        .maxNumberLength(MAX_NUMBER_LENGTH)
                        .maxNameLength(MAX_NAME_LENGTH)
                        .maxDocumentLength(MAX_DOCUMENT_BYTES)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // Interning would put every distinct hostile field name into the JVM-wide string table.
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
                // Emoji as their 4 UTF-8 bytes rather than two 6-byte escapes (lone surrogates stay escaped).
                .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                .build();
        JsonMapper jsonMapper = JsonMapper.builder(factory)
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new WireTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .build();
        // "content": 5 must not silently become "5".
        jsonMapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        this.mapper = jsonMapper;
    }

    /** One server event as UTF-8 JSON, {@code event} first. */
    public byte[] encode(ServerEvent event) {
        return writeBytes(event);
    }

    /** Writes one server event to {@code out} (flushed, not closed), e.g. straight into a Netty buffer. */
    public void encode(ServerEvent event, OutputStream out) {
        try {
            mapper.writeValue(out, event);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + event.event() + " event", e);
        }
    }

    /** One client frame as UTF-8 JSON, {@code type} first: what a client (the load harness) sends. */
    public byte[] encode(ClientFrame frame) {
        return writeBytes(frame);
    }

    /** Any value the contract carries (Room, Message, maps, lists, REST bodies) as UTF-8 JSON. */
    public byte[] writeBytes(Object value) {
        try {
            return mapper.writeValueAsBytes(value);
        } catch (IOException e) {
            // Only our own types are written; failing here is a programming error, not bad input.
            throw new IllegalStateException("could not write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** A REST error body {@code {"error": {"code": ..., "message": ...}}} (PROTOCOL.md §3). */
    public byte[] encodeRestError(ErrorCode code, String message) {
        return writeBytes(RestError.of(code, message));
    }

    /**
     * Reads a value of {@code type} (a record, a map...) with the codec's limits. A record component of a
     * primitive type is required (absent or null is INVALID_PAYLOAD rather than 0 / false); give optional fields
     * a boxed or reference type.
     *
     * @throws ProtocolException {@code INVALID_JSON} when not well-formed or over a limit, {@code INVALID_PAYLOAD}
     *                           when it does not fit {@code type} or is the JSON literal {@code null}
     */
    public <T> T readValue(byte[] json, Class<T> type) {
        T value = parse(json, parser -> mapper.readValue(parser, type));
        if (value == null) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "the body must not be null");
        }
        return value;
    }

    /** Converts an already parsed tree (see {@link #readTree}) to {@code type}; failures are INVALID_PAYLOAD. */
    public <T> T treeToValue(JsonNode tree, Class<T> type) {
        T value;
        try {
            value = mapper.treeToValue(tree, type);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
        if (value == null) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "the body must not be null");
        }
        return value;
    }

    /**
     * Parses any JSON value with the codec's limits.
     *
     * @throws ProtocolException {@code INVALID_JSON} when empty, not well-formed or over a limit
     */
    public JsonNode readTree(byte[] json) {
        return parse(json, mapper::readTree);
    }

    /**
     * Decodes and fully validates one client frame (PROTOCOL.md §2.1).
     *
     * @throws ProtocolException {@code INVALID_JSON} (not JSON, or over a limit), {@code INVALID_PAYLOAD}
     *                           (not an object, a field of the wrong type or out of range), {@code UNKNOWN_TYPE}
     *                           ({@code type} missing, not a string or unknown), {@code EMPTY_CONTENT} or
     *                           {@code CONTENT_TOO_LONG}; {@link ProtocolException#clientId()} is the frame's
     *                           valid {@code client_id}, if any
     */
    public ClientFrame decodeClientFrame(byte[] utf8Json) {
        return ClientFrameDecoder.decode(readTree(utf8Json));
    }

    /**
     * A frame of the user stream: the frame itself, decoded as {@link #decodeClientFrame(byte[])} does, and the
     * {@code room_id} it names (null when none). A frame that names a room but is refused comes back with its
     * refusal ({@link StreamFrame#refused()}), so the answer can name the room too.
     *
     * @throws ProtocolException as {@link #decodeClientFrame(byte[])} when the frame names no room (or it is not
     *                           JSON); {@code INVALID_PAYLOAD} for a {@code room_id} that is not a UUID
     */
    public StreamFrame decodeStreamFrame(byte[] utf8Json) {
        JsonNode root = readTree(utf8Json);
        java.util.UUID roomId = ClientFrameDecoder.roomIdOf(root);
        try {
            return new StreamFrame(ClientFrameDecoder.decode(root), roomId, null);
        } catch (ProtocolException refused) {
            if (roomId == null) {
                throw refused;
            }
            return new StreamFrame(null, roomId, refused);
        }
    }

    /**
     * A client frame on the user stream with the room it is about ({@code roomId} null when it names none); for a
     * refused frame that named a room, {@code frame} is null and {@code refused} says why.
     */
    public record StreamFrame(ClientFrame frame, java.util.UUID roomId, ProtocolException refused) {
        public StreamFrame(ClientFrame frame, java.util.UUID roomId) {
            this(frame, roomId, null);
        }
    }

    /** As {@link #decodeClientFrame(byte[])}, for a frame already decoded to text. */
    public ClientFrame decodeClientFrame(String json) {
        // Checked before encoding so an oversized string is refused without copying it.
        if (json.length() > MAX_DOCUMENT_BYTES) {
            throw new ProtocolException(ErrorCode.INVALID_JSON,
                    "invalid JSON: document longer than " + MAX_DOCUMENT_BYTES + " bytes");
        }
        return decodeClientFrame(json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes one server event by its {@code event} field: what a client (the load harness) receives.
     *
     * @throws ProtocolException {@code INVALID_JSON}, {@code UNKNOWN_TYPE} for a missing or unknown
     *                           {@code event}, {@code INVALID_PAYLOAD} when the fields do not fit it
     */
    public ServerEvent decodeServerEvent(byte[] utf8Json) {
        JsonNode tree = readTree(utf8Json);
        if (!tree.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "an event must be a JSON object");
        }
        JsonNode name = tree.get(WireFields.EVENT);
        Class<? extends ServerEvent> type = name != null && name.isTextual() ? EVENT_TYPES.get(name.textValue()) : null;
        if (type == null) {
            throw new ProtocolException(ErrorCode.UNKNOWN_TYPE, "event: missing or unknown");
        }
        return treeToValue(tree, type);
    }

    /** How one JSON value is read from a parser positioned on its first token. */
    @FunctionalInterface
    private interface ValueReader<T> {
        T read(JsonParser parser) throws IOException;
    }

    /**
     * Reads exactly one JSON value: empty input and anything after the value are INVALID_JSON, so a body
     * such as {@code {"a":1} {"a":2}} cannot mean one thing here and another to a different parser.
     */
    private <T> T parse(byte[] json, ValueReader<T> reader) {
        // maxDocumentLength makes the parser refuse an over-long byte[] before reading any of it.
        try (JsonParser parser = mapper.createParser(json)) {
            if (parser.nextToken() == null) {
                throw new ProtocolException(ErrorCode.INVALID_JSON, "invalid JSON: no content");
            }
            T value = reader.read(parser);
            if (parser.nextToken() != null) {
                throw new ProtocolException(ErrorCode.INVALID_JSON, "invalid JSON: content after the value");
            }
            return value;
        } catch (IOException e) {
            throw translate(e);
        }
    }

    /** Syntax and limit violations are INVALID_JSON; well-formed input of the wrong shape is INVALID_PAYLOAD. */
    private static ProtocolException translate(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StreamConstraintsException || t instanceof JsonParseException) {
                return new ProtocolException(ErrorCode.INVALID_JSON,
                        "invalid JSON: " + shorten(((JacksonException) t).getOriginalMessage()), null, e);
            }
        }
        if (e instanceof JsonMappingException) {
            String path = ((JsonMappingException) e).getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            String where = path.isEmpty() ? "the body" : path;
            return new ProtocolException(ErrorCode.INVALID_PAYLOAD, where + ": wrong type or value", null, e);
        }
        return new ProtocolException(ErrorCode.INVALID_PAYLOAD, "the body does not fit the expected shape", null, e);
    }

    /**
     * The parser's reason, cut short and reduced to printable ASCII: it may quote the client's bytes, and the
     * message goes back to the client in an error event that must itself encode cleanly.
     */
    private static String shorten(String parserMessage) {
        if (parserMessage == null) {
            return "malformed";
        }
        // Limit messages end in "(32, from `StreamReadConstraints.getMaxNestingDepth()`)": keep the number only.
        String message = CONSTRAINT_SOURCE.matcher(parserMessage).replaceAll("");
        int end = Math.min(message.length(), MAX_PARSER_MESSAGE);
        StringBuilder out = new StringBuilder(end + 3);
        for (int i = 0; i < end; i++) {
            char c = message.charAt(i);
            out.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return end < message.length() ? out.append("...").toString() : out.toString();
    }

    private static Map<String, Class<? extends ServerEvent>> eventTypes() {
        Map<String, Class<? extends ServerEvent>> types = new LinkedHashMap<>();
        types.put(ServerEvent.RoomState.EVENT, ServerEvent.RoomState.class);
        types.put(ServerEvent.Pong.EVENT, ServerEvent.Pong.class);
        types.put(ServerEvent.Ready.EVENT, ServerEvent.Ready.class);
        types.put(ServerEvent.RoomActivity.EVENT, ServerEvent.RoomActivity.class);
        types.put(ServerEvent.Mentioned.EVENT, ServerEvent.Mentioned.class);
        types.put(ServerEvent.RoomAdded.EVENT, ServerEvent.RoomAdded.class);
        types.put(ServerEvent.RoomUpdated.EVENT, ServerEvent.RoomUpdated.class);
        types.put(ServerEvent.MembershipUpdated.EVENT, ServerEvent.MembershipUpdated.class);
        types.put(ServerEvent.RoomRemoved.EVENT, ServerEvent.RoomRemoved.class);
        types.put(ServerEvent.Unsubscribed.EVENT, ServerEvent.Unsubscribed.class);
        types.put(ServerEvent.TokenRefreshed.EVENT, ServerEvent.TokenRefreshed.class);
        types.put(ServerEvent.Presence.EVENT, ServerEvent.Presence.class);
        types.put(ServerEvent.NewMessage.EVENT, ServerEvent.NewMessage.class);
        types.put(ServerEvent.MessageHistory.EVENT, ServerEvent.MessageHistory.class);
        types.put(ServerEvent.Typing.EVENT, ServerEvent.Typing.class);
        types.put(ServerEvent.UserJoined.EVENT, ServerEvent.UserJoined.class);
        types.put(ServerEvent.UserLeft.EVENT, ServerEvent.UserLeft.class);
        types.put(ServerEvent.MessageUpdated.EVENT, ServerEvent.MessageUpdated.class);
        types.put(ServerEvent.MessageDeleted.EVENT, ServerEvent.MessageDeleted.class);
        types.put(ServerEvent.ReactionsUpdated.EVENT, ServerEvent.ReactionsUpdated.class);
        types.put(ServerEvent.MessagePinned.EVENT, ServerEvent.MessagePinned.class);
        types.put(ServerEvent.MessageUnpinned.EVENT, ServerEvent.MessageUnpinned.class);
        types.put(ServerEvent.MemberUpdated.EVENT, ServerEvent.MemberUpdated.class);
        types.put(ServerEvent.ReadUpdated.EVENT, ServerEvent.ReadUpdated.class);
        types.put(ServerEvent.ErrorEvent.EVENT, ServerEvent.ErrorEvent.class);
        return Map.copyOf(types);
    }
}
