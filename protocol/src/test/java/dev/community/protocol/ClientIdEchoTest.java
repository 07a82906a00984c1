package dev.community.protocol;

import static dev.community.protocol.Json.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A bad frame's error echoes its client_id whenever that id is itself valid, so clients can match the answer. */
class ClientIdEchoTest {

    private static final JsonCodec CODEC = new JsonCodec();

    static Stream<Arguments> badFramesWithAValidClientId() {
        return Stream.of(
                Arguments.of("{'type':'send_message','client_id':'c-1'}", ErrorCode.EMPTY_CONTENT),
                Arguments.of("{'type':'send_message','client_id':'c-1','content':'" + "a".repeat(4001) + "'}",
                        ErrorCode.CONTENT_TOO_LONG),
                Arguments.of("{'type':'send_message','client_id':'c-1','content':'a\\u0000'}",
                        ErrorCode.INVALID_PAYLOAD),
                Arguments.of("{'type':'send_message','client_id':'c-1','content':'a','mentions':['no spaces']}",
                        ErrorCode.INVALID_PAYLOAD),
                Arguments.of("{'type':'send_message','client_id':'c-1','content':'a','attachments':[{'url':"
                        + "'ftp://x/f','name':'f','size':1,'type':'t'}]}", ErrorCode.INVALID_PAYLOAD),
                Arguments.of("{'type':'send_message','client_id':'c-1','content':'a','message_type':'system'}",
                        ErrorCode.INVALID_PAYLOAD),
                Arguments.of("{'type':'send_message','client_id':'c-1','content':'a','reply_to_id':'x'}",
                        ErrorCode.INVALID_PAYLOAD),
                Arguments.of("{'type':'teleport','client_id':'c-1'}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{'client_id':'c-1'}", ErrorCode.UNKNOWN_TYPE),
                Arguments.of("{'type':'mark_read','client_id':'c-1','seq':'1'}", ErrorCode.INVALID_PAYLOAD));
    }

    @ParameterizedTest(name = "{1}: {0}")
    @MethodSource("badFramesWithAValidClientId")
    void echoesTheClientId(String frame, ErrorCode expected) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.decodeClientFrame(bytes(frame)));
        assertThat(failure.code()).isEqualTo(expected);
        assertThat(failure.clientId()).isEqualTo("c-1");
        assertThat(failure.toErrorEvent().clientId()).isEqualTo("c-1");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{'type':'send_message','client_id':'','content':''}",
            "{'type':'send_message','client_id':7,'content':''}",
            "{'type':'send_message','client_id':['c-1'],'content':''}",
            "{'type':'send_message','client_id':'a\\u0000','content':''}",
            "{'type':'send_message','client_id':'a\\ud800','content':''}",
            "{'type':'send_message','client_id':'cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"
                    + "c','content':''}",
            "{'type':'send_message','client_id':'c-1','content':'a'",
            "[{'type':'send_message','client_id':'c-1'}]"})
    void echoesNothingWhenTheClientIdIsUnusableOrTheFrameUnreadable(String frame) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.decodeClientFrame(bytes(frame)));
        assertThat(failure).isNotNull();
        assertThat(failure.clientId()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"c", "0190e0a0-0000-7000-8000-0000000000aa", "😀😀😀"})
    void echoesAnyValidClientIdVerbatim(String clientId) {
        ProtocolException failure = catchThrowableOfType(ProtocolException.class,
                () -> CODEC.decodeClientFrame(bytes("{'type':'send_message','client_id':'" + clientId + "'}")));
        assertThat(failure.clientId()).isEqualTo(clientId);
    }

    @ParameterizedTest
    @ValueSource(ints = {63, 64})
    void acceptsClientIdsCountedInCodePoints(int emoji) {
        String clientId = "😀".repeat(emoji);
        ClientFrame.SendMessage frame = (ClientFrame.SendMessage) CODEC.decodeClientFrame(
                bytes("{'type':'send_message','client_id':'" + clientId + "','content':'a'}"));
        assertThat(frame.clientId()).isEqualTo(clientId);
    }
}
