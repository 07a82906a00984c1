package dev.community.server.room;

import static org.assertj.core.api.Assertions.assertThat;

import dev.community.protocol.Attachment;
import dev.community.protocol.JsonCodec;
import dev.community.protocol.Message;
import dev.community.protocol.ServerEvent;
import dev.community.protocol.User;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** The author's new_message made from the members' copy is byte for byte the one encoding gives. */
class EventEncoderTest {
    private static final EventEncoder ENCODER = new EventEncoder(new JsonCodec(), UnpooledByteBufAllocator.DEFAULT);

    private static Message message(String content, boolean hidden) {
        return new Message(UUID.randomUUID(), UUID.randomUUID(), 7, null, new User("u-1", "Zoë \"z\""), content,
                "image", List.of(new Attachment("https://example.org/a.png", "a \"b\".png", 12, "image/png")),
                List.of("bob"), null, Map.of("👍", 2), Instant.parse("2026-12-05T07:00:00.123Z"), null, false, hidden);
    }

    @ParameterizedTest
    @ValueSource(strings = {"c-1", "", "with \"quotes\" and \\ backslash", "ünïcødé 👍", "null", "}", "tab\there",
        "~ all printable: !#$%&'()*+,-./:;<=>?@[]^_`{|}", "\u007f", "\u0001"})
    void theSplicedAuthorCopyIsWhatEncodingGives(String clientId) {
        for (Message m : List.of(message("hello", false), message("", false), message("null}", false),
                message("secret", true).redacted())) {
            ByteBuf standard = ENCODER.encode(new ServerEvent.NewMessage(m, null));
            ServerEvent.NewMessage forAuthor = new ServerEvent.NewMessage(m, clientId);
            ByteBuf spliced = ENCODER.newMessageForAuthor(standard, forAuthor);
            ByteBuf encoded = ENCODER.encode(forAuthor);
            try {
                assertThat(ByteBufUtil.getBytes(spliced)).isEqualTo(ByteBufUtil.getBytes(encoded));
                assertThat(standard.readerIndex()).as("the members' copy is only read").isZero();
            } finally {
                standard.release();
                spliced.release();
                encoded.release();
            }
        }
    }

    @Test
    void anythingElseIsEncoded() {
        ServerEvent.NewMessage forAuthor = new ServerEvent.NewMessage(message("x", false), "c-9");
        ByteBuf notANewMessage = Unpooled.copiedBuffer(new byte[] {'{', '}'});
        ByteBuf made = ENCODER.newMessageForAuthor(notANewMessage, forAuthor);
        ByteBuf encoded = ENCODER.encode(forAuthor);
        assertThat(ByteBufUtil.getBytes(made)).isEqualTo(ByteBufUtil.getBytes(encoded));
        notANewMessage.release();
        made.release();
        encoded.release();
    }
}
