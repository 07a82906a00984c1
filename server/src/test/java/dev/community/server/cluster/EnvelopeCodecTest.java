package dev.community.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.User;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Envelopes survive the trip through Redis byte for byte, and anything else is refused. */
class EnvelopeCodecTest {
    static final UUID ROOM = UUID.fromString("0190a000-0000-7000-8000-000000000001");
    final EnvelopeCodec codec = new EnvelopeCodec(new JsonCodec());

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static Stream<Envelope> envelopes() {
        return Stream.of(
                new Envelope.Stored("n1", 17, ROOM, 42, "c-1",
                        utf8("{\"event\":\"new_message\",\"content\":\"line\\nbreak 👍 \\\"quoted\\\"\"}")),
                new Envelope.Stored("n1", 17, ROOM, 43, null, utf8("{\"event\":\"new_message\"}")),
                new Envelope.Event("n2", 18, ROOM, "message_updated", "u1", false, utf8("{\"a\":\"\"}"),
                        utf8("{\"a\":\"secret\"}")),
                new Envelope.Event("n2", 18, ROOM, "typing", "u1", true, utf8("{\"event\":\"typing\"}"), null),
                new Envelope.Presence("n3", 19, ROOM, new User("u1", "Ünïcode name"), true, false,
                        utf8("{\"event\":\"user_joined\"}")),
                new Envelope.Presence("n3", 19, ROOM, new User("u1", "u"), false, true, null),
                new Envelope.Watermark("n4", 20, ROOM, 99),
                new Envelope.Membership("n5", 21, ROOM, "u9", utf8("{\"role\":\"banned\"}")),
                new Envelope.Membership("n5", 21, ROOM, "u9", null),
                new Envelope.Block("n6", 22, "a", "b", true),
                new Envelope.ReadMarker("n8", 24, ROOM, "u3", utf8("{\"event\":\"read_updated\"}")),
                new Envelope.RoomSettings("n9", 25, ROOM, utf8("{\"id\":\"x\",\"slow_mode_seconds\":60}")),
                new Envelope.Resync("n7", 23));
    }

    @ParameterizedTest
    @MethodSource("envelopes")
    void roundTripsEveryKind(Envelope envelope) {
        Envelope decoded = codec.decode(codec.encode(envelope));

        assertThat(decoded).usingRecursiveComparison().isEqualTo(envelope);
    }

    @Test
    void bodiesTravelVerbatim() {
        byte[] body = utf8("{\"event\":\"new_message\",\"message\":{\"content\":\"a\\u2028b\"}}");
        byte[] payload = codec.encode(new Envelope.Stored("n1", 1, ROOM, 1, null, body));

        assertThat(((Envelope.Stored) codec.decode(payload)).newMessage()).isEqualTo(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not json",
            "{\"v\":2,\"k\":\"resync\",\"n\":\"x\",\"at\":1}",
            "{\"v\":1,\"k\":\"teleport\",\"n\":\"x\",\"at\":1}",
            "{\"v\":1,\"k\":\"resync\",\"at\":1}",
            "{\"v\":1,\"k\":\"message\",\"n\":\"x\",\"at\":1,\"r\":\"" + "0190a000-0000-7000-8000-000000000001" + "\",\"s\":1}",
            "{\"v\":1,\"k\":\"watermark\",\"n\":\"x\",\"at\":1,\"r\":\"not-a-uuid\",\"s\":1}",
            "[1,2]\n{}"
    })
    void refusesWhatIsNotAnEnvelopeOfThisVersion(String payload) {
        assertThatThrownBy(() -> codec.decode(utf8(payload))).isInstanceOf(IllegalArgumentException.class);
    }
}
