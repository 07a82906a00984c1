package dev.community.server.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.User;
import java.io.ByteArrayOutputStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * The wire form of an {@link Envelope}: a JSON header line, then up to two body lines holding client-ready event
 * JSON verbatim. JSON as this codec writes it never contains a raw newline, so the lines split unambiguously and
 * the bodies are neither escaped nor parsed again on the way.
 */
final class EnvelopeCodec {
    /** Bumped on an incompatible change; a node drops envelopes of another version (and counts them). */
    static final int VERSION = 1;
    private static final byte NEWLINE = '\n';

    private final JsonCodec json;

    EnvelopeCodec(JsonCodec json) {
        this.json = json;
    }

    byte[] encode(Envelope envelope) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("v", VERSION);
        header.put("k", envelope.kind());
        header.put("n", envelope.nodeId());
        header.put("at", envelope.publishedAt());
        byte[] body = null;
        byte[] second = null;
        if (envelope instanceof Envelope.Stored s) {
            header.put("r", s.roomId());
            header.put("s", s.seq());
            header.put("c", s.clientId());
            body = s.newMessage();
        } else if (envelope instanceof Envelope.Event e) {
            header.put("r", e.roomId());
            header.put("t", e.name());
            header.put("a", e.actorId());
            header.put("x", e.excludeActor());
            body = e.standard();
            second = e.forModerators();
        } else if (envelope instanceof Envelope.Presence p) {
            header.put("r", p.roomId());
            header.put("u", p.user().id());
            header.put("un", p.user().username());
            header.put("on", p.present());
            header.put("gone", p.gone());
            body = p.clientEvent();
        } else if (envelope instanceof Envelope.Watermark w) {
            header.put("r", w.roomId());
            header.put("s", w.seq());
        } else if (envelope instanceof Envelope.Membership m) {
            header.put("r", m.roomId());
            header.put("u", m.userId());
            body = m.membership();
        } else if (envelope instanceof Envelope.RoomSettings r) {
            header.put("r", r.roomId());
            body = r.room();
        } else if (envelope instanceof Envelope.ReadMarker r) {
            header.put("r", r.roomId());
            header.put("u", r.userId());
            body = r.event();
        } else if (envelope instanceof Envelope.Block b) {
            header.put("blocker", b.blocker());
            header.put("blocked", b.blocked());
            header.put("on", b.blocking());
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(256 + (body == null ? 0 : body.length)
                + (second == null ? 0 : second.length));
        out.writeBytes(json.writeBytes(header));
        if (body != null) {
            out.write(NEWLINE);
            out.writeBytes(body);
            if (second != null) {
                out.write(NEWLINE);
                out.writeBytes(second);
            }
        }
        return out.toByteArray();
    }

    /**
     * @throws IllegalArgumentException when the payload is not an envelope of this version
     */
    Envelope decode(byte[] payload) {
        int firstBreak = indexOf(payload, 0);
        int headerEnd = firstBreak < 0 ? payload.length : firstBreak;
        byte[] body = null;
        byte[] second = null;
        if (firstBreak >= 0) {
            int secondBreak = indexOf(payload, firstBreak + 1);
            body = slice(payload, firstBreak + 1, secondBreak < 0 ? payload.length : secondBreak);
            second = secondBreak < 0 ? null : slice(payload, secondBreak + 1, payload.length);
        }
        JsonNode header;
        try {
            header = json.readTree(slice(payload, 0, headerEnd));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("not an envelope header", e);
        }
        if (header.path("v").asInt() != VERSION) {
            throw new IllegalArgumentException("envelope version " + header.path("v").asText() + " is not " + VERSION);
        }
        String node = text(header, "n");
        long at = header.path("at").asLong();
        String kind = text(header, "k");
        return switch (kind) {
            case "message" -> new Envelope.Stored(node, at, room(header), header.path("s").asLong(),
                    optional(header, "c"), required(body, kind));
            case "event" -> new Envelope.Event(node, at, room(header), text(header, "t"), optional(header, "a"),
                    header.path("x").asBoolean(), required(body, kind), second);
            case "presence" -> new Envelope.Presence(node, at, room(header),
                    new User(text(header, "u"), text(header, "un")), header.path("on").asBoolean(),
                    header.path("gone").asBoolean(), body);
            case "watermark" -> new Envelope.Watermark(node, at, room(header), header.path("s").asLong());
            case "membership" -> new Envelope.Membership(node, at, room(header), text(header, "u"), body);
            case "block" -> new Envelope.Block(node, at, text(header, "blocker"), text(header, "blocked"),
                    header.path("on").asBoolean());
            case "room" -> new Envelope.RoomSettings(node, at, room(header), required(body, kind));
            case "read" -> new Envelope.ReadMarker(node, at, room(header), text(header, "u"), required(body, kind));
            case "resync" -> new Envelope.Resync(node, at);
            default -> throw new IllegalArgumentException("unknown envelope kind " + kind);
        };
    }

    private static int indexOf(byte[] bytes, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == NEWLINE) {
                return i;
            }
        }
        return -1;
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }

    private static String text(JsonNode header, String field) {
        JsonNode node = header.get(field);
        if (node == null || !node.isTextual()) {
            throw new IllegalArgumentException("envelope field " + field + " missing");
        }
        return node.textValue();
    }

    private static String optional(JsonNode header, String field) {
        JsonNode node = header.get(field);
        return node == null || node.isNull() ? null : node.asText();
    }

    private static UUID room(JsonNode header) {
        try {
            return UUID.fromString(text(header, "r"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("envelope room id invalid", e);
        }
    }

    private static byte[] required(byte[] body, String kind) {
        if (body == null || body.length == 0) {
            throw new IllegalArgumentException(kind + " envelope without a body");
        }
        return body;
    }
}
