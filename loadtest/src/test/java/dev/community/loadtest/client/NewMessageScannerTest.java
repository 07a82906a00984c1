package dev.community.loadtest.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The scanner reads what the server's own codec writes, and gives up rather than guess. */
class NewMessageScannerTest {
    private static final JsonCodec CODEC = new JsonCodec();

    private static Message message(long seq, String content, String username) {
        return new Message(UUID.randomUUID(), UUID.randomUUID(), seq, null, new User("u1", username), content, "text",
                List.of(), List.of(), null, Map.of("\"seq\":", 2), Instant.parse("2026-11-24T10:00:00.123Z"), null,
                false, false);
    }

    private static ByteBuf encode(ServerEvent event) {
        return Unpooled.wrappedBuffer(CODEC.encode(event));
    }

    static Stream<Arguments> events() {
        String stamped = ContentStamp.content(123_456_789L, "run-1-7", 100);
        return Stream.of(
                Arguments.of("harness message with client_id", 42L, stamped, "run-1-7", 123_456_789L),
                Arguments.of("harness message to another member", 43L, stamped, null, 123_456_789L),
                Arguments.of("foreign content", 7L, "hello \"seq\":99 \"client_id\":\"x\"", null, -1L),
                Arguments.of("content that looks like a stamp but is not", 8L, "lt 12ab rest", null, -1L),
                Arguments.of("emoji and escapes", 9_000_000_000L, "lt 5 id \u00e9\ud83d\ude00\\\"", "id-\u00e9", 5L),
                Arguments.of("empty content (tombstone)", 1L, "", "abc", -1L));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("events")
    void readsSeqStampAndClientIdAsTheCodecWroteThem(String why, long seq, String content, String clientId, long stamp) {
        ByteBuf frame = encode(new ServerEvent.NewMessage(message(seq, content, "seq"), clientId));
        try {
            NewMessageScanner scanner = new NewMessageScanner();
            assertThat(NewMessageScanner.isNewMessage(frame)).isTrue();
            assertThat(scanner.scan(frame)).isTrue();
            assertThat(scanner.seq()).isEqualTo(seq);
            assertThat(scanner.clientId()).isEqualTo(clientId);
            assertThat(scanner.stampNanos()).isEqualTo(stamp);
            assertThat(frame.readerIndex()).isZero();
        } finally {
            frame.release();
        }
    }

    @Test
    void leavesOtherEventsToTheFullDecoder() {
        ByteBuf pong = encode(new ServerEvent.Pong());
        ByteBuf updated = encode(new ServerEvent.MessageUpdated(message(3, "x", "u")));
        try {
            assertThat(NewMessageScanner.isNewMessage(pong)).isFalse();
            assertThat(new NewMessageScanner().scan(pong)).isFalse();
            assertThat(new NewMessageScanner().scan(updated)).isFalse();
        } finally {
            pong.release();
            updated.release();
        }
    }

    @Test
    void givesUpOnAClientIdWithEscapes() {
        ByteBuf frame = encode(new ServerEvent.NewMessage(message(3, "x", "u"), "a\"b"));
        try {
            assertThat(new NewMessageScanner().scan(frame)).isFalse();
        } finally {
            frame.release();
        }
    }

    @Test
    void givesUpOnATruncatedFrame() {
        ByteBuf frame = Unpooled.copiedBuffer("{\"event\":\"new_message\",\"message\":{\"id\":\"x\"", java.nio.charset.StandardCharsets.UTF_8);
        try {
            assertThat(new NewMessageScanner().scan(frame)).isFalse();
        } finally {
            frame.release();
        }
    }
}
