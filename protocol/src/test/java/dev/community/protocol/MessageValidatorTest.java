package dev.community.protocol;

import static dev.community.protocol.Json.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MessageValidatorTest {

    private static final JsonCodec CODEC = new JsonCodec();

    @Test
    void readsARestBodyWithoutAType() {
        JsonNode body = CODEC.readTree(bytes("{'content':'from REST','client_id':'r-1','mentions':['bob']}"));
        assertThat(MessageValidator.sendMessageFrom(body)).isEqualTo(
                new ClientFrame.SendMessage("from REST", "r-1", null, null, "text", List.of(), List.of("bob")));
    }

    @Test
    void refusesARestBodyThatIsNotAnObject() {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> MessageValidator.sendMessageFrom(CODEC.readTree(bytes("['hi']"))));
        assertThat(failure.code()).isEqualTo(ErrorCode.INVALID_PAYLOAD);
    }

    @Test
    void dropsDuplicateMentionsKeepingFirstOccurrenceOrder() {
        JsonNode body = CODEC.readTree(bytes("{'content':'a','mentions':['c','a','c','b','a']}"));
        assertThat(MessageValidator.sendMessageFrom(body).mentions()).containsExactly("c", "a", "b");
    }

    @Test
    void returnsImmutableLists() {
        ClientFrame.SendMessage message = MessageValidator.sendMessageFrom(CODEC.readTree(bytes(
                "{'content':'a','mentions':['b'],'attachments':[{'url':'http://x/f','name':'f','size':1,'type':'t'}]}")));
        assertThat(message.mentions()).isUnmodifiable();
        assertThat(message.attachments()).isUnmodifiable();
    }

    static Stream<Arguments> contents() {
        return Stream.of(
                Arguments.of("hello", false, null),
                Arguments.of("  padded  ", false, null),
                Arguments.of("a".repeat(4000), false, null),
                Arguments.of("😀".repeat(4000), false, null),
                Arguments.of("👩‍👩‍👧‍👦", false, null),
                Arguments.of("", true, null),
                Arguments.of(" \u200b ", true, null),
                Arguments.of("", false, ErrorCode.EMPTY_CONTENT),
                Arguments.of("\n\r\t ", false, ErrorCode.EMPTY_CONTENT),
                Arguments.of("\u00a0\u2007\u202f\u3000", false, ErrorCode.EMPTY_CONTENT),
                Arguments.of("\u200b\u200e\u2060\ufeff", false, ErrorCode.EMPTY_CONTENT),
                Arguments.of("a".repeat(4001), false, ErrorCode.CONTENT_TOO_LONG),
                Arguments.of("😀".repeat(4001), true, ErrorCode.CONTENT_TOO_LONG),
                Arguments.of("a\u0000", false, ErrorCode.INVALID_PAYLOAD),
                Arguments.of("\ud800", true, ErrorCode.INVALID_PAYLOAD),
                Arguments.of("x\udfff", false, ErrorCode.INVALID_PAYLOAD));
    }

    @ParameterizedTest
    @MethodSource("contents")
    void validatesContentForEdits(String content, boolean allowEmpty, ErrorCode expected) {
        if (expected == null) {
            assertThat(MessageValidator.validateContent(content, allowEmpty)).isSameAs(content);
        } else {
            ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                    () -> MessageValidator.validateContent(content, allowEmpty));
            assertThat(failure.code()).isEqualTo(expected);
            assertThat(failure.getMessage()).startsWith("content:");
            assertThat(failure.clientId()).isNull();
        }
    }

    @Test
    void treatsNullContentAsEmpty() {
        assertThat(MessageValidator.validateContent(null, true)).isEmpty();
        assertThat(catchThrowableOfType(ProtocolException.class, () -> MessageValidator.validateContent(null, false))
                .code()).isEqualTo(ErrorCode.EMPTY_CONTENT);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://x", "https://cdn.example/a.png", "HTTPS://CDN.EXAMPLE/A", "https://a_b.example/x",
            "http://127.0.0.1:8080/f?q=1#frag", "https://[::1]/f", "https://例え.jp/ファイル"})
    void acceptsHttpUrls(String url) {
        assertThat(MessageValidator.isHttpUrl(url)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "ftp://x/f", "javascript:alert(1)", "data:text/html,hi", "//x/f", "/relative",
            "http:/x", "http://", "https:///path", "http://x/a b", "http://x/\u0000", "http://x/\ud800",
            "mailto:a@b", "httpx://x"})
    void refusesOtherUrls(String url) {
        assertThat(MessageValidator.isHttpUrl(url)).isFalse();
    }

    @Test
    void refusesUrlsOverTheLengthLimit() {
        String prefix = "https://x.example/";
        assertThat(MessageValidator.isHttpUrl(prefix + "a".repeat(MessageValidator.MAX_URL_LENGTH - prefix.length())))
                .isTrue();
        assertThat(MessageValidator.isHttpUrl(prefix + "a".repeat(MessageValidator.MAX_URL_LENGTH - prefix.length()
                + 1))).isFalse();
        assertThat(MessageValidator.isHttpUrl(null)).isFalse();
    }

    @Test
    void echoableClientIdNeedsAValidId() {
        assertThat(MessageValidator.echoableClientId(CODEC.readTree(bytes("{'client_id':'ok'}")))).isEqualTo("ok");
        assertThat(MessageValidator.echoableClientId(CODEC.readTree(bytes("{'client_id':'" + "x".repeat(65) + "'}"))))
                .isNull();
        assertThat(MessageValidator.echoableClientId(CODEC.readTree(bytes("'ok'")))).isNull();
        assertThat(MessageValidator.echoableClientId(null)).isNull();
    }
}
