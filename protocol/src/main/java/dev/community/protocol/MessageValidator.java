package dev.community.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one place that decides whether a message a client wants to post is acceptable, for the WebSocket
 * {@code send_message} frame and the REST {@code POST}/{@code PATCH} message bodies alike.
 *
 * <p>Rules (PROTOCOL.md §2.1): {@code content} is a string of at most {@value #MAX_CONTENT_CODE_POINTS} code
 * points; it may be absent, null or blank only when the message has attachments, otherwise
 * {@link ErrorCode#EMPTY_CONTENT}. No text a client sends may contain U+0000 (PostgreSQL {@code text} refuses
 * it) or an unpaired surrogate (it has no UTF-8 form). {@code client_id} is 1–{@value #MAX_CLIENT_ID_LENGTH}
 * characters; {@code reply_to_id} and {@code thread_id} are UUID strings; {@code message_type} is {@code text}
 * (the default), {@code image} or {@code file} — {@code system} is the server's own; at most
 * {@value #MAX_ATTACHMENTS} attachments {@code {url, name, size, type}} with http(s) urls; at most
 * {@value #MAX_MENTIONS} mentions, each a valid user id (duplicates are dropped, first occurrence kept).
 */
public final class MessageValidator {

    public static final int MAX_CONTENT_CODE_POINTS = 4000;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    public static final int MAX_ATTACHMENTS = 10;
    public static final int MAX_MENTIONS = 50;
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_ATTACHMENT_NAME_LENGTH = 255;
    public static final int MAX_ATTACHMENT_TYPE_LENGTH = 255;

    /** The message types a client may send; {@code system} messages are only written by the server. */
    public static final Set<String> CLIENT_MESSAGE_TYPES = Set.of("text", "image", "file");
    public static final String DEFAULT_MESSAGE_TYPE = "text";

    private MessageValidator() {
    }

    /**
     * Reads and validates a message from a {@code send_message} frame or a REST message body. Fields other
     * than the message's own (such as {@code type}) are ignored. Absent lists become empty lists, absent
     * content becomes "".
     *
     * @throws ProtocolException {@code INVALID_PAYLOAD}, {@code EMPTY_CONTENT} or {@code CONTENT_TOO_LONG},
     *                           carrying the body's {@code client_id} when that one is valid
     */
    public static ClientFrame.SendMessage sendMessageFrom(JsonNode objectNode) {
        String echo = echoableClientId(objectNode);
        if (objectNode == null || !objectNode.isObject()) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD, "a message must be a JSON object", echo);
        }
        JsonFields fields = new JsonFields(objectNode, "", echo);
        String clientId = fields.optionalString(WireFields.CLIENT_ID, MAX_CLIENT_ID_LENGTH);
        if (clientId != null && clientId.isEmpty()) {
            throw fields.invalid(WireFields.CLIENT_ID, "must not be empty");
        }
        JsonNode contentNode = fields.present("content");
        if (contentNode != null && !contentNode.isTextual()) {
            throw fields.invalid("content", "must be a string");
        }
        List<Attachment> attachments = attachments(fields);
        String content = checkContent(contentNode == null ? "" : contentNode.textValue(), !attachments.isEmpty(),
                echo);
        String messageType = fields.optionalString("message_type", Integer.MAX_VALUE);
        if (messageType == null) {
            messageType = DEFAULT_MESSAGE_TYPE;
        } else if (!CLIENT_MESSAGE_TYPES.contains(messageType)) {
            throw fields.invalid("message_type", "must be one of text, image, file");
        }
        return new ClientFrame.SendMessage(content, clientId, fields.optionalUuid("reply_to_id"),
                fields.optionalUuid("thread_id"), messageType, attachments, mentions(fields));
    }

    /**
     * Validates message content (also for a REST edit). Returns {@code content}, or "" for null.
     *
     * @param allowEmptyWithAttachments true when the message has attachments, so empty or blank content is fine
     * @throws ProtocolException {@code INVALID_PAYLOAD} for U+0000 or an unpaired surrogate,
     *                           {@code CONTENT_TOO_LONG} over {@value #MAX_CONTENT_CODE_POINTS} code points,
     *                           {@code EMPTY_CONTENT} when blank and not allowed
     */
    public static String validateContent(String content, boolean allowEmptyWithAttachments) {
        return checkContent(content == null ? "" : content, allowEmptyWithAttachments, null);
    }

    private static String checkContent(String content, boolean allowEmpty, String clientId) {
        if (!Texts.isStorable(content)) {
            throw new ProtocolException(ErrorCode.INVALID_PAYLOAD,
                    "content: must not contain U+0000 or unpaired surrogates", clientId);
        }
        // A UTF-16 length within the limit is within it in code points too; count only when it could matter.
        if (content.length() > MAX_CONTENT_CODE_POINTS && Texts.codePointLength(content) > MAX_CONTENT_CODE_POINTS) {
            throw new ProtocolException(ErrorCode.CONTENT_TOO_LONG,
                    "content: must be at most " + MAX_CONTENT_CODE_POINTS + " characters", clientId);
        }
        if (!allowEmpty && Texts.isBlank(content)) {
            throw new ProtocolException(ErrorCode.EMPTY_CONTENT, "content: must not be empty", clientId);
        }
        return content;
    }

    /**
     * The {@code client_id} of a frame or body if it is itself valid (a string of 1–64 characters without
     * U+0000 or unpaired surrogates), else null. Only such a value is echoed in an {@code error} event: an
     * invalid one could not even be encoded back safely.
     */
    public static String echoableClientId(JsonNode objectNode) {
        if (objectNode == null || !objectNode.isObject()) {
            return null;
        }
        JsonNode node = objectNode.get(WireFields.CLIENT_ID);
        if (node == null || !node.isTextual()) {
            return null;
        }
        String value = node.textValue();
        if (value.isEmpty() || value.length() > 2 * MAX_CLIENT_ID_LENGTH || !Texts.isStorable(value)
                || Texts.codePointLength(value) > MAX_CLIENT_ID_LENGTH) {
            return null;
        }
        return value;
    }

    /** True for an absolute http:// or https:// URL with an authority, at most {@value #MAX_URL_LENGTH} chars. */
    public static boolean isHttpUrl(String url) {
        if (url == null || url.length() > MAX_URL_LENGTH || !Texts.isStorable(url)) {
            return false;
        }
        // Only http(s): a javascript: or data: url would run or render in other members' clients.
        if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)) {
            return false;
        }
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String authority = uri.getRawAuthority();
            return (scheme.equals("http") || scheme.equals("https")) && authority != null && !authority.isEmpty();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static List<Attachment> attachments(JsonFields fields) {
        JsonNode array = fields.optionalArray("attachments", MAX_ATTACHMENTS);
        if (array == null || array.isEmpty()) {
            return List.of();
        }
        List<Attachment> result = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            String path = "attachments[" + i + "]";
            if (!element.isObject()) {
                throw fields.invalid(path, "must be an object {url, name, size, type}");
            }
            JsonFields attachment = new JsonFields(element, path + ".", fields.clientId());
            String url = attachment.requiredString("url", MAX_URL_LENGTH);
            if (!isHttpUrl(url)) {
                throw attachment.invalid("url", "must be an http:// or https:// URL of at most "
                        + MAX_URL_LENGTH + " characters");
            }
            String name = attachment.requiredString("name", MAX_ATTACHMENT_NAME_LENGTH);
            long size = attachment.requiredInteger("size", 0, Long.MAX_VALUE);
            String type = attachment.requiredString("type", MAX_ATTACHMENT_TYPE_LENGTH);
            result.add(new Attachment(url, name, size, type));
        }
        return List.copyOf(result);
    }

    private static List<String> mentions(JsonFields fields) {
        JsonNode array = fields.optionalArray("mentions", MAX_MENTIONS);
        if (array == null || array.isEmpty()) {
            return List.of();
        }
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isTextual() || !UserIds.isValid(element.textValue())) {
                throw fields.invalid("mentions[" + i + "]", "must be a user id (1-64 of A-Z a-z 0-9 _ . : @ -)");
            }
            ids.add(element.textValue());
        }
        return List.copyOf(ids);
    }
}
